// inspectMapped: one server text's facts as the local side will hold it and the category filter's
// verdict on that form; a text the mapping cannot read is inspected as it is, with no verdict (an
// item without one stays in scope). The add-on and the CLI both run it.
import { describe, expect, it } from "vitest";
import { inspectMapped, type ItemMapping } from "../../../../src/ical";

const inspect = ({ text }: { text: string }) => ({ uid: "u", hash: `hash of ${text}` });

describe("inspectMapped", () => {
  it("inspects the local form and adds the filter's verdict on it", () => {
    const mapping: ItemMapping = { active: true, toLocal: (t) => `${t}+local`, toServer: (t) => t, included: (t) => t.endsWith("+local") };
    expect(inspectMapped({ text: "A", inspect, mapping })).toEqual({ facts: { uid: "u", hash: "hash of A+local", inScope: true }, local: "A+local" });
  });

  it("adds no verdict when the filter is off or cannot read the local form", () => {
    const off: ItemMapping = { active: true, toLocal: (t) => t, toServer: (t) => t, included: () => undefined };
    expect(inspectMapped({ text: "A", inspect, mapping: off }).facts).not.toHaveProperty("inScope");
    const broken: ItemMapping = { ...off, included: () => { throw new Error("bad"); } };
    expect(inspectMapped({ text: "A", inspect, mapping: broken }).facts).not.toHaveProperty("inScope");
  });

  it("takes a text the mapping cannot read as it is, without a verdict even where the filter would give one", () => {
    const mapping: ItemMapping = { active: true, toLocal: () => { throw new Error("unreadable"); }, toServer: (t) => t, included: () => false };
    expect(inspectMapped({ text: "A", inspect, mapping })).toEqual({ facts: { uid: "u", hash: "hash of A" }, local: "A" });
  });
});
