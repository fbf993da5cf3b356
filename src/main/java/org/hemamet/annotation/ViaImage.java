package org.hemamet.annotation;

import java.util.List;
import java.util.Map;

/**
 * One image entry of a VIA file.
 *
 * @param filename       the image name/path as written in the file (relative paths are relative to the
 *                       VIA file's directory or to the cohort directory)
 * @param fileAttributes file attributes, flattened to text
 * @param regions        regions in file order
 */
public record ViaImage(String filename, Map<String, String> fileAttributes, List<ViaRegion> regions) {
    public ViaImage {
        fileAttributes = Map.copyOf(fileAttributes);
        regions = List.copyOf(regions);
    }
}
