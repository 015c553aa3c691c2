// The item span moved to src/ical (the add-on's Thunderbird stores use it too); kept for the CLI's imports.
export { itemSpan, stampMs } from "../ical/item-span";
