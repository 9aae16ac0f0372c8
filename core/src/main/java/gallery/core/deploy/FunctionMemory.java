package gallery.core.deploy;

/**
 * The memory each function is deployed with: the stack sets it (infra's {@code FunctionSizing}) and
 * the admin tool's {@code cost} prices it, so both read it here. Lambda gives CPU in proportion to
 * memory: 1769 MB is one full vCPU (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
public final class FunctionMemory {
    /** Lambda's memory per vCPU. */
    public static final int MB_PER_VCPU = 1769;
    /** Both render lanes and the on-demand resizer: decoding and resizing is CPU-bound, one full vCPU. */
    public static final int RENDER_MB = MB_PER_VCPU;
    /** Ingest reads a header and EXIF by ranged GET and writes one row: I/O-bound. */
    public static final int INGEST_MB = 1024;
    /** Signer and api: a token check, a DynamoDB query and JSON. */
    public static final int HTTP_MB = 1024;

    private FunctionMemory() {
    }
}
