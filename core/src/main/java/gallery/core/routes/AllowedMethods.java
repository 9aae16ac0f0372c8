package gallery.core.routes;

import java.util.Set;

/** The three method sets a CloudFront cache behaviour can allow; nothing finer exists there. */
public enum AllowedMethods {
    GET_HEAD(Set.of("GET", "HEAD")),
    GET_HEAD_OPTIONS(Set.of("GET", "HEAD", "OPTIONS")),
    ALL(Set.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"));

    private final Set<String> methods;

    AllowedMethods(Set<String> methods) {
        this.methods = methods;
    }

    public Set<String> methods() {
        return methods;
    }

    public boolean allows(String method) {
        return methods.contains(method);
    }
}
