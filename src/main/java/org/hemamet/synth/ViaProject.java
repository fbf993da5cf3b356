package org.hemamet.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hemamet.core.Json;

/**
 * Builds a VIA 2.0.10 project (what "Save Project" writes): {@code _via_settings}, {@code _via_img_metadata}
 * keyed {@code filename + size}, {@code _via_attributes}, {@code _via_data_format_version},
 * {@code _via_image_id_list}. Filenames are relative to the cohort directory; file attributes carry
 * patient_id, sequence and sop_instance_uid, each lesion region a {@code lesion_id} (one region per
 * annotated lesion on the key image: L1, L2, ...); each key image also has a normal-marrow reference region
 * ({@code roi = reference}).
 */
final class ViaProject {
    private ViaProject() {}

    /**
     * The image's normal-marrow reference region, tagged {@code roi = reference} (no lesion_id: it belongs
     * to the image, and ingest never makes it a sample); nothing when the key image has none.
     */
    private static void addReferenceRegion(ArrayNode regions, PatientSynthesizer.KeyImage k) {
        if (k.referenceShape() == null) {
            return;
        }
        ObjectNode ref = regions.addObject();
        ref.set("shape_attributes", Json.mapper().valueToTree(k.referenceShape()));
        ref.putObject("region_attributes").put("roi", "reference");
    }

    static ObjectNode build(List<PatientSynthesizer.Result> results) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode settings = root.putObject("_via_settings");
        ObjectNode ui = settings.putObject("ui");
        ui.put("annotation_editor_height", 25);
        ui.put("annotation_editor_fontsize", 0.8);
        ui.put("leftsidebar_width", 18);
        ui.putObject("image_grid")
                .put("img_height", 80)
                .put("rshape_fill", "none")
                .put("rshape_fill_opacity", 0.3)
                .put("rshape_stroke", "yellow")
                .put("rshape_stroke_width", 2)
                .put("show_region_shape", true)
                .put("show_image_policy", "all");
        ui.putObject("image")
                .put("region_label", "lesion_id")
                .put("region_color", "__via_default_region_color__")
                .put("region_label_font", "10px Sans")
                .put("on_image_annotation_editor_placement", "NEAR_REGION");
        ObjectNode core = settings.putObject("core");
        core.put("buffer_size", 18);
        core.putObject("filepath");
        core.put("default_filepath", "");
        settings.putObject("project").put("name", "hemamet_synthetic_cohort");

        ObjectNode meta = root.putObject("_via_img_metadata");
        ArrayNode idList = Json.mapper().createArrayNode();
        for (PatientSynthesizer.Result r : results) {
            for (PatientSynthesizer.KeyImage k : r.keyImages()) {
                String key = k.pngPath() + k.pngSize();
                ObjectNode e = meta.putObject(key);
                e.put("filename", k.pngPath());
                e.put("size", k.pngSize());
                ArrayNode regions = e.putArray("regions");
                for (PatientSynthesizer.Region lesion : k.regions()) {
                    ObjectNode reg = regions.addObject();
                    reg.set("shape_attributes", Json.mapper().valueToTree(lesion.shapeAttributes()));
                    reg.putObject("region_attributes").put("lesion_id", lesion.lesionId());
                }
                addReferenceRegion(regions, k);
                e.putObject("file_attributes")
                        .put("patient_id", r.plan().patientId())
                        .put("sequence", k.sequence().name())
                        .put("sop_instance_uid", k.sopInstanceUid());
                idList.add(key);
            }
        }
        ObjectNode attrs = root.putObject("_via_attributes");
        ObjectNode regionAttrs = attrs.putObject("region");
        regionAttrs
                .putObject("lesion_id")
                .put("type", "text")
                .put("description", "lesion id within the patient (L1, L2, ...)")
                .put("default_value", "");
        ObjectNode roi = regionAttrs.putObject("roi");
        roi.put("type", "dropdown").put("description", "lesion, or normal-marrow reference");
        roi.putObject("options").put("lesion", "").put("reference", "");
        roi.putObject("default_options").put("lesion", true);
        ObjectNode file = attrs.putObject("file");
        file.putObject("patient_id")
                .put("type", "text")
                .put("description", "patient ID (PACS)")
                .put("default_value", "");
        ObjectNode seq = file.putObject("sequence");
        seq.put("type", "dropdown").put("description", "MRI sequence");
        ObjectNode opts = seq.putObject("options");
        for (String s : new String[] {"T1", "T2", "STIR", "T1C"}) {
            opts.put(s, "");
        }
        seq.putObject("default_options");
        file.putObject("sop_instance_uid")
                .put("type", "text")
                .put("description", "SOPInstanceUID of the exported slice")
                .put("default_value", "");
        root.put("_via_data_format_version", "2.0.10");
        root.set("_via_image_id_list", idList);
        return root;
    }
}
