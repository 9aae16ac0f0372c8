/**
 * Internal: our JNA binding of libvips. Other modules must not use this package; they call
 * {@link gallery.imaging.Renderer}, which owns the lifetimes and pitfalls recorded here.
 */
package gallery.imaging.vips;
