// Property tests: a fixed seed in CI (a red build must be reproducible, and the same commit must
// give the same verdict), a fresh random seed elsewhere so local runs keep exploring. fast-check
// prints the seed and the shrunk counterexample of any failure; FC_SEED=<n> replays it.
import fc from "fast-check";

const fixed = process.env.FC_SEED ?? (process.env.CI === "true" ? "20261126" : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
