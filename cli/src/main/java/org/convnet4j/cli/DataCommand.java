package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.convnet4j.data.DataLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code data fetch cifar10}: download (or take from a local copy), verify and unpack the CIFAR-10 binary archive. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Data sets.", subcommands = DataCommand.FetchCommand.class)
final class DataCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download the official CIFAR-10 binary archive (or take a copy given with --archive), "
                    + "check its MD5, and unpack it.")
    static final class FetchCommand implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", description = "cifar10, the only data set to fetch (Fashion-MNIST comes from "
                + "apt-get install dataset-fashion-mnist).")
        String name;
        @Option(names = "--dir", paramLabel = "DIR", description = "Destination (default: $CONVNET4J_DATA, else ~/.convnet4j/data).")
        Path dir;
        @Option(names = "--archive", paramLabel = "FILE",
                description = "Install from this copy of cifar-10-binary.tar.gz (downloaded on another machine) instead of downloading.")
        Path archive;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!"cifar10".equals(name)) {
                throw new OptionChecks(spec).invalidParameter("DATASET", "cifar10 (the only data set to fetch; for "
                        + "Fashion-MNIST: apt-get install dataset-fashion-mnist)", name);
            }
            Path dest = dir != null ? dir : DataLocator.system().defaultDataHome();
            if (archive != null) {
                FileChecks.readableFile("archive", archive, "--archive");
                System.out.println("installing " + archive + " into " + dest);
                Fetch.Result r = Fetch.cifar10FromArchive(dest, archive, Fetch.CIFAR10_MD5, false);
                System.out.println((r.installed() ? "verified (md5 " + r.md5() + ") and unpacked: " : "already present: ")
                        + r.folder());
                return 0;
            }
            System.out.println("fetching " + Fetch.CIFAR10_URL + " into " + dest);
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("cifar10").setInitialMax(Fetch.CIFAR10_BYTES)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1_000_000).showSpeed()
                    .setUpdateIntervalMillis(ProgressListener.interactive() ? 500 : 10_000)
                    .setConsumer(ProgressListener.consumer(System.out)).build()) {
                Fetch.Result r = Fetch.cifar10(dest, (done, total) -> {
                    if (total > 0) bar.maxHint(total);
                    bar.stepTo(done);
                });
                System.out.println((r.installed() ? "downloaded and verified (md5 " + r.md5() + "): " : "already present: ")
                        + r.folder());
            }
            return 0;
        }
    }
}
