/** The nav's Jobs icon (stacked bars of work), drawn like ui/icons.tsx's. */
export const JobsIcon = () => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 16 16"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.4"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <rect x="2" y="2.75" width="12" height="3" rx="1" />
    <rect x="2" y="10.25" width="12" height="3" rx="1" />
    <path d="M4 4.25h5M4 11.75h2.5" />
  </svg>
);
