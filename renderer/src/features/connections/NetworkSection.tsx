import { describedBy, Field } from '../../ui/Field';
import type { SectionProps } from './formTypes';
import { proxyModeLabels } from './labels';
import { choicesOf, Select } from '../../ui/Select';

const RATE_HINT =
  'Empty = no limit. Shared by your browsing and every job on this connection; the app also slows down by itself when the server answers 429 or 503.';

/** TLS trust, proxy and pace: the settings that decide how the app reaches the server. */
export function NetworkSection({ form, update, errors, ids }: SectionProps) {
  const caId = `${ids}-ca`;
  const insecureId = `${ids}-insecure`;
  const proxyId = `${ids}-proxy`;
  const proxyUrlId = `${ids}-proxy-url`;
  const concurrencyId = `${ids}-concurrency`;
  const rateId = `${ids}-rate`;
  return (
    <fieldset className="form-section">
      <legend>Network</legend>
      <Field
        id={caId}
        label="Extra trusted CA certificates (PEM)"
        error={errors['tls.caCertificatesPem']}
        hint="For servers signed by a private CA. Paste one or more -----BEGIN CERTIFICATE----- blocks."
      >
        <textarea
          {...describedBy(caId, errors['tls.caCertificatesPem'], true)}
          className="input mono"
          rows={3}
          spellCheck={false}
          value={form.caCertificatesPem}
          onChange={(e) => update({ caCertificatesPem: e.target.value })}
        />
      </Field>
      <div className={`check-field${form.allowInvalidCertificates ? ' check-danger' : ''}`}>
        <input
          id={insecureId}
          type="checkbox"
          checked={form.allowInvalidCertificates}
          aria-describedby={`${insecureId}-hint`}
          onChange={(e) => update({ allowInvalidCertificates: e.target.checked })}
        />
        <label htmlFor={insecureId}>Accept invalid certificates</label>
        <div className="field-hint" id={`${insecureId}-hint`}>
          {form.allowInvalidCertificates
            ? 'Certificate checks are OFF for this connection: anyone on the network path can read and change its traffic, including credentials.'
            : 'Off: certificates must be valid and trusted.'}
        </div>
      </div>
      <Field id={proxyId} label="Proxy" error={errors['proxy.mode']}>
        <Select
          {...describedBy(proxyId, errors['proxy.mode'])}
          value={form.proxyMode}
          choices={choicesOf(proxyModeLabels)}
          onChange={(proxyMode) => update({ proxyMode })}
        />
      </Field>
      {form.proxyMode === 'custom' && (
        <Field id={proxyUrlId} label="Proxy URL" error={errors['proxy.url']}>
          <input
            {...describedBy(proxyUrlId, errors['proxy.url'])}
            className="input mono"
            placeholder="http://proxy.example.com:8080"
            spellCheck={false}
            value={form.proxyUrl}
            onChange={(e) => update({ proxyUrl: e.target.value })}
          />
        </Field>
      )}
      <Field id={concurrencyId} label="Requests at once" error={errors.maxConcurrency} hint="From 1 to 32.">
        <input
          {...describedBy(concurrencyId, errors.maxConcurrency, true)}
          className="input mono"
          inputMode="numeric"
          value={form.maxConcurrency}
          onChange={(e) => update({ maxConcurrency: e.target.value })}
        />
      </Field>
      <Field id={rateId} label="Max requests per second" error={errors.maxRequestsPerSecond} hint={RATE_HINT}>
        <input
          {...describedBy(rateId, errors.maxRequestsPerSecond, true)}
          className="input mono"
          inputMode="decimal"
          placeholder="No limit"
          value={form.maxRequestsPerSecond}
          onChange={(e) => update({ maxRequestsPerSecond: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}
