import type { ReactNode, SVGProps } from 'react';

// Small stroke icons drawn inline (no icon font: the CSP allows only our own files, and this is lighter).
function Icon({ children, ...props }: SVGProps<SVGSVGElement> & { children: ReactNode }) {
  return (
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
      {...props}
    >
      {children}
    </svg>
  );
}

export const UserIcon = () => (
  <Icon>
    <circle cx="8" cy="5.5" r="2.75" />
    <path d="M2.75 14c.6-2.7 2.7-4.25 5.25-4.25s4.65 1.55 5.25 4.25" />
  </Icon>
);

export const GroupIcon = () => (
  <Icon>
    <circle cx="6" cy="6" r="2.25" />
    <circle cx="11.25" cy="6.75" r="1.75" />
    <path d="M1.75 13.5c.5-2.3 2.1-3.5 4.25-3.5s3.75 1.2 4.25 3.5M10.5 10.1c1.9-.2 3.3.8 3.75 2.9" />
  </Icon>
);

export const FilterIcon = () => (
  <Icon>
    <path d="M2 3h12l-4.5 5.25V13L6.5 11.5V8.25z" />
  </Icon>
);

export const PatchIcon = () => (
  <Icon>
    <path d="M10.5 2.5l3 3-7.75 7.75H2.75v-3z" />
    <path d="M9 4l3 3" />
  </Icon>
);

export const InspectorIcon = () => (
  <Icon>
    <path d="M5 4 1.75 8 5 12M11 4l3.25 4L11 12M9.25 3l-2.5 10" />
  </Icon>
);

export const ConnectionIcon = () => (
  <Icon>
    <path d="M6 2.5v3M10 2.5v3M4.5 5.5h7v2.75a3.5 3.5 0 0 1-7 0z" />
    <path d="M8 11.75v2" />
  </Icon>
);

export const LockIcon = () => (
  <Icon width="12" height="12">
    <rect x="3.25" y="7" width="9.5" height="6.5" rx="1.25" />
    <path d="M5.25 7V5a2.75 2.75 0 0 1 5.5 0v2" />
  </Icon>
);

export const CheckIcon = () => (
  <Icon>
    <path d="m3 8.5 3.25 3L13 4.5" />
  </Icon>
);

export const CrossIcon = () => (
  <Icon>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Icon>
);

export const PlusIcon = () => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);

/** Jobs: stacked bars of work. */
export const JobsIcon = () => (
  <Icon>
    <rect x="2" y="2.75" width="12" height="3" rx="1" />
    <rect x="2" y="10.25" width="12" height="3" rx="1" />
    <path d="M4 4.25h5M4 11.75h2.5" />
  </Icon>
);

/** Server: a rack of two units. */
export const ServerIcon = () => (
  <Icon>
    <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
    <rect x="2" y="9" width="12" height="4.5" rx="1" />
    <path d="M4.5 4.75h.01M4.5 11.25h.01M8 4.75h3.5M8 11.25h3.5" />
  </Icon>
);

/** Bulk: a stack of cards, many changed at once. */
export const BulkIcon = () => (
  <Icon>
    <rect x="2" y="6" width="9" height="7.5" rx="1" />
    <path d="M4.5 4h8.5a1 1 0 0 1 1 1v6.5M5.5 9.75l1.5 1.5 2.5-3" />
  </Icon>
);
