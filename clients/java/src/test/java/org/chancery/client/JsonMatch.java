package org.chancery.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conformance suite's comparison (tests/conformance/README.md): objects match on the
 * expected keys, arrays element by element, numbers against numbers or decimal strings within a
 * tolerance; anything else must be equal.
 */
final class JsonMatch {
  private static final double REL_TOLERANCE = 1e-6;
  private static final double ABS_TOLERANCE = 1e-9;

  private JsonMatch() {}

  /** Where {@code actual} departs from {@code expected}; empty when it matches. */
  static List<String> mismatches(JsonElement expected, JsonElement actual, String path) {
    List<String> found = new ArrayList<>();
    if (expected.isJsonObject()) {
      if (!actual.isJsonObject()) return List.of(path + ": expected an object, got " + actual);
      JsonObject object = actual.getAsJsonObject();
      for (Map.Entry<String, JsonElement> entry : expected.getAsJsonObject().entrySet()) {
        String at = path + "." + entry.getKey();
        if (object.has(entry.getKey())) {
          found.addAll(mismatches(entry.getValue(), object.get(entry.getKey()), at));
        } else {
          found.add(at + ": missing");
        }
      }
    } else if (expected.isJsonArray()) {
      if (!actual.isJsonArray() || actual.getAsJsonArray().size() != expected.getAsJsonArray().size()) {
        return List.of(path + ": expected " + expected.getAsJsonArray().size() + " elements, got " + actual);
      }
      for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
        found.addAll(mismatches(expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i),
            path + "[" + i + "]"));
      }
    } else if (expected.isJsonPrimitive() && expected.getAsJsonPrimitive().isNumber()) {
      double want = expected.getAsDouble();
      Double got = number(actual);
      if (got == null || Math.abs(got - want) > ABS_TOLERANCE + REL_TOLERANCE * Math.abs(want)) {
        found.add(path + ": expected " + expected + ", got " + actual);
      }
    } else if (!expected.equals(actual)) {
      found.add(path + ": expected " + expected + ", got " + actual);
    }
    return found;
  }

  private static Double number(JsonElement value) {
    if (!value.isJsonPrimitive()) return null;
    JsonPrimitive primitive = value.getAsJsonPrimitive();
    if (primitive.isBoolean()) return null;
    try {
      return Double.parseDouble(primitive.getAsString());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
