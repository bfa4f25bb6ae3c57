package org.convnet4j.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the bench report, written by Gson (pretty-printed, nulls kept). Non-finite numbers, which
 * JSON cannot hold, become null first (a speedup without a naive run is NaN).
 */
final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
            .create();

    private Json() {}

    /** Maps, lists, strings, numbers, booleans and null as JSON text ending in a newline. */
    static String write(Object value) {
        return GSON.toJson(finite(value)) + "\n";
    }

    private static Object finite(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) return null;
        if (v instanceof Float f && !Float.isFinite(f)) return null;
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, finite(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(finite(x));
            return out;
        }
        return v;
    }
}
