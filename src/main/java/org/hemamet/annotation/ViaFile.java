package org.hemamet.annotation;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed VIA file.
 *
 * @param path   the file read
 * @param format which VIA flavour it was
 * @param images image entries in file order
 */
public record ViaFile(Path path, ViaFormat format, List<ViaImage> images) {
    public ViaFile {
        images = List.copyOf(images);
    }
}
