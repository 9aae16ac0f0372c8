package gallery.resize;

/** A request that can never be served as asked: answered 400, naming the parameter at fault. */
public final class BadRequest extends RuntimeException {
    private final String parameter;

    public BadRequest(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
