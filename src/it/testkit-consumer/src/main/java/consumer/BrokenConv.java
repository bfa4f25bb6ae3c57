package consumer;

/**
 * MyConv with the classic conv_backward_naive mistake: dx_pad[n, :, window] = ... instead of +=, so where
 * windows overlap only the last window's contribution survives. The test kit must catch it and say so.
 */
public class BrokenConv extends MyConv {
    @Override
    protected void addWindow(double[] dxpad, int index, double gradient) {
        dxpad[index] = gradient;
    }
}
