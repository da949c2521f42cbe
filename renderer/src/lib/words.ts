/**
 * The singular of an attribute name, for labels such as "Add address": SCIM's plural attribute names
 * (addresses, emails, phoneNumbers, ims, x509Certificates, entitlements) and camelCase ones end in an
 * ordinary English plural. A name that is not a plural is returned as it is.
 */
export function singular(name: string): string {
  if (/(?:ss|us|is)$/i.test(name)) return name; // address, status, basis: already singular
  if (/[^aeiou]ies$/i.test(name)) return name.slice(0, -3) + (name.endsWith('IES') ? 'Y' : 'y'); // entries → entry
  if (/(?:sses|uses|xes|zes|ches|shes)$/i.test(name)) return name.slice(0, -2); // addresses, statuses, boxes, switches
  if (/[^s]s$/i.test(name)) return name.slice(0, -1); // emails, phoneNumbers, ims, members
  return name;
}
