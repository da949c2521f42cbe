/**
 * Every applicable peer case on which our engines answer differently from the peer, with who is right
 * and the RFC text that decides it. peers.test.ts fails when a case disagrees without being listed here,
 * and when a listed case starts to agree, so this table always describes the engines as they are.
 *
 * right: "ours" — the RFC says what we do; "peer" — the RFC says what the peer does (a bug of ours);
 * "unspecified" — the RFC does not decide, and `why` says what we do and why.
 */
export interface Disagreement {
  right: 'ours' | 'peer' | 'unspecified';
  category: string;
  why: string;
}

const CASE_INSENSITIVE: Disagreement = {
  right: 'ours',
  category: 'case-sensitive co',
  why: 'RFC 7644 §3.4.2.2: String comparisons follow the attribute\'s caseExact, which defaults to false (RFC 7643 §2.2, §7); SCIMMY\'s co is case-sensitive ("MeganB" co "A").',
};

const STRING_VS_INTEGER: Disagreement = {
  right: 'unspecified',
  category: 'string value against an integer',
  why:
    'RFC 7644 §3.4.2.2 compares by the attribute type but never says what a string comparison value means for an integer ' +
    '(a strict reading of eq, "must be identical", would side with SCIMMY for eq/ne). Without a schema ours compares the number ' +
    'as text or numerically on purpose (compare.ts): servers send integer ids for the String "id", and a server answering ' +
    'id eq "42" with {"id": 42} did apply the filter. With a schema saying integer, "9" is read as the number 9.',
};

const MISSING_AS_ADD: Disagreement = {
  right: 'ours',
  category: 'treatMissingAsAdd',
  why: 'RFC 7644 §3.5.2.3: "If the target location is a multi-valued attribute for which a value selection filter ("valuePath") has been supplied and no record match was made, the service provider SHALL indicate failure by returning HTTP status code 400 and a "scimType" error code of "noTarget"." scim-patch adds instead (treatMissingAsAdd, on by default).',
};

const NESTED_COMPLEX: Disagreement = {
  right: 'ours',
  category: 'value filter inside a complex attribute',
  why: 'RFC 7643 §2.3.8: "A complex attribute MUST NOT contain sub-attributes that have sub-attributes (i.e., that are complex)", so name.nestedArray[…] selects values SCIM cannot have; ours refuses with invalidPath (RFC 7644 §3.12) instead of editing them.',
};

const REMOVE_VALUE: Disagreement = {
  right: 'unspecified',
  category: 'remove with a value',
  why: 'RFC 7644 §3.5.2.2 gives remove no "value". Ours reads one as a selection of the values to remove (as a value filter does: unmatched values stay), so a value that selects nothing (an empty list, a list of lists, an absent attribute) changes nothing; scim-patch refuses a value on a target that is not an array, and a list of lists.',
};

export const DISAGREEMENTS: Readonly<Record<string, Disagreement>> = {
  // scim2-parse-filter
  'scim2-parse-filter › filter › end to end shielding backslash in quotes': {
    right: 'ours',
    category: 'JSON string escapes',
    why: 'RFC 7644 §3.4.2.2 (Figure 1): a compValue string is a JSON string (RFC 7159 §7), in which "\\u" must start a four-hex-digit escape; "domain\\user.name" is not valid, so the filter is refused (invalidFilter) rather than read literally.',
  },

  // SCIMMY
  'scimmy › match.comparators #3': CASE_INSENSITIVE,
  'scimmy › match.nesting #3': CASE_INSENSITIVE,
  'scimmy › match.logicalOr #2': CASE_INSENSITIVE,
  'scimmy › match.nesting #7': {
    right: 'ours',
    category: 'same-value matching without [ ]',
    why: 'RFC 7644 §3.4.2.2: an expression on a multi-valued attribute matches if any value matches; only a valuePath (emails[type eq "work" and value ew "…"]) applies expressions "to the same value". SCIMMY applies emails.type … and emails.value … to one value.',
  },
  'scimmy › match.numbers #2': STRING_VS_INTEGER,
  'scimmy › match.numbers #4': STRING_VS_INTEGER,
  'scimmy › match.numbers #6': STRING_VS_INTEGER,
  'scimmy › match.numbers #8': STRING_VS_INTEGER,
  'scimmy › match.numbers #10': STRING_VS_INTEGER,
  'scimmy › match.numbers #12': STRING_VS_INTEGER,
  'scimmy › match.unknown #1': {
    right: 'ours',
    category: 'unknown operator',
    why: 'RFC 7644 §3.4.2.2 (Figure 1) knows only eq, ne, co, sw, ew, gt, lt, ge, le and pr; another operator is a syntax error, answered 400 invalidFilter (§3.12). SCIMMY silently matches nothing.',
  },

  // scim-patch
  'scim-patch › SCIM PATCH › replace › REPLACE: nested object do not exists can be treated as ADD': MISSING_AS_ADD,
  'scim-patch › SCIM PATCH › replace › REPLACE: no record match was made': MISSING_AS_ADD,
  'scim-patch › SCIM PATCH › replace › REPLACE: Replace op with value of empty object results in circular reference': MISSING_AS_ADD,
  'scim-patch › SCIM PATCH › replace › REPLACE: nested array element': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › add › ADD: nested array element': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › add › ADD: should not modify anything if element not found': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › add › ADD: empty array add filter type + field 2nd level': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › remove › REMOVE: nested array element': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › remove › REMOVE: empty array should be unassigned': NESTED_COMPLEX,
  'scim-patch › SCIM PATCH › replace › REPLACE: add a non object value to an object key': {
    right: 'ours',
    category: 'non-object value for a complex attribute',
    why: 'RFC 7644 §3.5.2.3 (and §3.5.2.1 for add): "If the target location specifies a complex attribute, a set of sub-attributes SHALL be specified in the "value" parameter"; "BATMAN" for name is refused with invalidValue (§3.12).',
  },
  'scim-patch › SCIM PATCH › replace › REPLACE: replace on multiValued objects without complete path': {
    right: 'ours',
    category: 'merging into every element',
    why: 'RFC 7644 §3.5.2.3: "If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced"; scim-patch merges the object into every element instead.',
  },
  'scim-patch › SCIM PATCH › replace › REPLACE: replace on multiValued objects': {
    right: 'unspecified',
    category: 'merging into every element',
    why: 'RFC 7644 §3.5.2.3 defines a sub-attribute target of a multi-valued attribute only with a value filter (addresses[type eq "work"].streetAddress). For emails.newProperty without one, ours refuses with invalidPath instead of writing every element, as scim-patch does.',
  },
  'scim-patch › SCIM PATCH › remove › REMOVE: with path and value but no array-field like exists': REMOVE_VALUE,
  'scim-patch › SCIM PATCH › remove › REMOVE: with path and value but value is array of arrays': REMOVE_VALUE,
  'scim-patch › SCIM PATCH › remove › REMOVE: with unavailable nested fields': {
    right: 'ours',
    category: 'path deeper than attribute.sub-attribute',
    why: 'RFC 7644 §3.10 and Figure 1: attrPath = [URI ":"] ATTRNAME *1subAttr, at most one sub-attribute; a.b.c.d is malformed and fails with invalidPath (§3.5.2, §3.12) rather than being a silent no-op.',
  },
};
