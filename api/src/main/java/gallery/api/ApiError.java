package gallery.api;

/** A request answered with an error status; {@code parameter} names the request parameter at fault, if one is. */
final class ApiError extends RuntimeException {
    final int status;
    final String parameter;

    ApiError(int status, String message, String parameter) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    static ApiError badRequest(String parameter, String message) {
        return new ApiError(400, message, parameter);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message, null);
    }
}
