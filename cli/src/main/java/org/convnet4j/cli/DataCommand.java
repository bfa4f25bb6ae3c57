package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.convnet4j.data.DataLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code data fetch cifar10}: download, verify and unpack the official CIFAR-10 binary archive. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Data sets.", subcommands = DataCommand.FetchCommand.class)
final class DataCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download the official CIFAR-10 binary archive, check its MD5, and unpack it.")
    static final class FetchCommand implements Callable<Integer> {
        @Parameters(paramLabel = "cifar10", description = "The data set (only cifar10 is downloadable; Fashion-MNIST comes from apt-get install dataset-fashion-mnist).")
        String name;
        @Option(names = "--dir", description = "Destination (default: $CONVNET4J_DATA, else ~/.convnet4j/data).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (!"cifar10".equals(name)) {
                throw new IllegalArgumentException("data fetch: only 'cifar10' can be fetched, got '" + name
                        + "' (for Fashion-MNIST: apt-get install dataset-fashion-mnist)");
            }
            Path dest = dir != null ? dir : DataLocator.system().defaultDataHome();
            System.out.println("fetching " + Fetch.CIFAR10_URL + " into " + dest);
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("cifar10").setInitialMax(Fetch.CIFAR10_BYTES)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1_000_000).showSpeed()
                    .setUpdateIntervalMillis(ProgressListener.interactive() ? 500 : 10_000)
                    .setConsumer(ProgressListener.consumer(System.out)).build()) {
                Fetch.Result r = Fetch.cifar10(dest, (done, total) -> {
                    if (total > 0) bar.maxHint(total);
                    bar.stepTo(done);
                });
                System.out.println((r.downloaded() ? "downloaded and verified (md5 " + r.md5() + "): " : "already present: ")
                        + r.folder());
            }
            return 0;
        }
    }
}
