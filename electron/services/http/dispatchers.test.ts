import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { tlsConnectOptions } from './dispatchers';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('tlsConnectOptions', () => {
  it('adds a custom CA bundle to the system roots instead of replacing them', () => {
    const options = tlsConnectOptions({ allowInvalidCertificates: false, caCertificatesPem: PEM }, 5000);
    expect(options.ca).toHaveLength(rootCertificates.length + 1);
    expect(options.ca).toEqual(expect.arrayContaining([PEM, rootCertificates[0]]));
    expect(options.rejectUnauthorized).toBe(true);
  });

  it('leaves the system roots alone without a custom CA', () => {
    expect(tlsConnectOptions({ allowInvalidCertificates: true }, 5000)).toEqual({ rejectUnauthorized: false, timeout: 5000 });
  });
});
