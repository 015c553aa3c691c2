// inspectItem is itemIdentity + contentHash from one parse: equal on every generated item
// (events, tasks, contacts) and failing the same way on content that is not one item.
import { describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/dataset/generate.mjs";
import { contentHash, inspectItem, itemIdentity, ItemParseError } from "../../../src/ical";

describe("inspectItem", () => {
  const data = generateDataset({ events: 60, todos: 20, cards: 20, seed: 7 });
  const texts = [...data.events, ...data.todos, ...data.contacts].map((i) => i.text);

  it("equals itemIdentity + contentHash", () => {
    expect(texts.length).toBe(100);
    for (const text of texts) {
      const { item, ...got } = inspectItem({ text });
      expect(got).toEqual({ ...itemIdentity({ text }), hash: contentHash({ text }) });
      expect(item.uid).toBe(got.uid);
    }
  });

  it("throws ItemParseError like parseItem", () => {
    expect(() => inspectItem({ text: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" })).toThrow(ItemParseError);
  });
});
