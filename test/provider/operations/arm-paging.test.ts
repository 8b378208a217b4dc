// The nextLink read from a page's text before it is parsed (so the next page is requested while
// this one is parsed): it is the nextLink JSON.parse gives, or nothing when the text does not end
// with it as the last member of the outermost object.
import { describe, expect, it } from "vitest";
import { nextLinkInText } from "../../../provider/operations/arm-paging";

const LINK = "https://management.azure.com/subscriptions/s/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01&$skiptoken=abc";

describe("nextLinkInText", () => {
  const cases: [string, string][] = [
    ["ARM's form", JSON.stringify({ value: [{ id: "a" }], nextLink: LINK })],
    ["with whitespace", `{\n  "value": [],\n  "nextLink" :\t"${LINK}"\r\n}\n`],
    ["a repeated key (JSON.parse keeps the last)", `{"nextLink":"https://management.azure.com/first","value":[],"nextLink":"${LINK}"}`],
    [
      "a tag that spells a nextLink member",
      JSON.stringify({ value: [{ tags: { t: `"nextLink":"https://evil.example/"}` } }], nextLink: LINK }),
    ],
  ];
  for (const [name, text] of cases) {
    it(`reads the link JSON.parse gives: ${name}`, () => {
      expect(nextLinkInText(text)).toBe(JSON.parse(text).nextLink);
    });
  }

  const none: [string, string][] = [
    ["no nextLink", JSON.stringify({ value: [] })],
    ["a null nextLink", JSON.stringify({ value: [], nextLink: null })],
    ["an empty nextLink", JSON.stringify({ value: [], nextLink: "" })],
    ["nextLink not last", JSON.stringify({ nextLink: LINK, value: [] })],
    ["a nextLink of a nested object", JSON.stringify({ value: [{ nextLink: LINK }] })],
    ["a nextLink of an object nested last", JSON.stringify({ value: [], more: { nextLink: LINK } })],
    [
      "a link with an escape",
      JSON.stringify({ value: [], nextLink: "https://management.azure.com/a\u00e9\\b" }).replace("\u00e9", "\\u00e9"),
    ],
    ["a link that is not a string", `{"value":[],"nextLink":42}`],
    ["a cut body", `{"value":[],"nextLink":"${LINK}`],
  ];
  for (const [name, text] of none) {
    it(`leaves the link to the parser: ${name}`, () => {
      expect(nextLinkInText(text)).toBeUndefined();
    });
  }
});
