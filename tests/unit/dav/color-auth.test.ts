// calendar-color normalisation and preemptive Basic auth with UTF-8 passwords.
import { describe, expect, it } from "vitest";
import { basicAuthHeader, formatCalendarColor, parseCalendarColor } from "../../../src/dav";

describe("parseCalendarColor", () => {
  it.each([
    ["#F0AD4EFF", "#f0ad4e"],
    ["#f0ad4e", "#f0ad4e"],
    ["  #3A87AD80 ", "#3a87ad"],
    ["3A87AD", "#3a87ad"],
    ["#abc", "#aabbcc"],
    ["#abcd", "#aabbcc"],
  ])("%s → %s", (input, expected) => {
    expect(parseCalendarColor(input)).toBe(expected);
  });

  it.each([undefined, null, "", "red", "#12345", "#1234567", "rgb(1,2,3)"])("%s → undefined", (input) => {
    expect(parseCalendarColor(input)).toBeUndefined();
  });
});

describe("formatCalendarColor", () => {
  it("writes #RRGGBBFF", () => {
    expect(formatCalendarColor("#0055aa")).toBe("#0055AAFF");
    expect(formatCalendarColor("#0055AA80")).toBe("#0055AAFF");
  });
  it("refuses garbage", () => {
    expect(() => formatCalendarColor("blue")).toThrow(RangeError);
  });
});

describe("basicAuthHeader", () => {
  it("encodes the UTF-8 bytes of user:password", () => {
    const header = basicAuthHeader({ username: "alice", password: "heslo-ěščř" });
    expect(header).toBe(`Basic ${Buffer.from("alice:heslo-ěščř", "utf8").toString("base64")}`);
    expect(header).toBe("Basic YWxpY2U6aGVzbG8txJvFocSNxZk=");
  });
  it("matches plain btoa for ASCII", () => {
    expect(basicAuthHeader({ username: "alice", password: "secret" })).toBe(`Basic ${btoa("alice:secret")}`);
  });
});
