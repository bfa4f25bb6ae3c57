package org.convnet4j.fast;

/** The child JVM of {@link NativeStatusTest}: prints whether the kernels loaded and {@link NativeStatus#describe()}. */
public final class NativeStatusChild {
    private NativeStatusChild() {}

    public static void main(String[] args) {
        System.out.println("available=" + NativeStatus.isAvailable());
        System.out.println(NativeStatus.describe());
    }
}
