package gallery.local.edge;

import java.io.IOException;

/** Something the edge forwards to: S3Proxy, an in-process Lambda handler, a folder, generated JSON. */
@FunctionalInterface
public interface Origin {
    OriginResponse fetch(OriginRequest request) throws IOException;
}
