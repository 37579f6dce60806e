// The conformance suite's comparison of expected JSON with actual messages
// (tests/conformance/README.md): objects match on expected's keys, arrays element by
// element, numbers against numbers or decimal strings within a tolerance.
const relTolerance = 1e-6;
const absTolerance = 1e-9;

export function mismatches(expected: unknown, actual: unknown, path = "$"): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} elements, got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((want, i) => mismatches(want, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const object = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([key, want]) =>
      key in object ? mismatches(want, object[key], `${path}.${key}`) : [`${path}.${key}: missing`]);
  }
  if (typeof expected === "number") {
    const number = typeof actual === "number" ? actual : typeof actual === "string" && actual !== "" ? Number(actual) : NaN;
    return Math.abs(number - expected) <= absTolerance + relTolerance * Math.abs(expected)
      ? [] : [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
