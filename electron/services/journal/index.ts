export { JOURNAL_DEFAULTS, RequestJournal, type JournalListener, type RequestJournalOptions } from './journal';
export { toJournalEntry, toSummary } from './entry';
export { REDACTED, SecretScrubber, isSecretHeaderName, redactBody, redactHeaders, redactUrl, secretVariants } from './redact';
