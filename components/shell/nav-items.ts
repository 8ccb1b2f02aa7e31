export type NavItem = { href: string; label: string; roles: ("OWNER" | "REVIEWER")[] };

/** The sidebar; a reviewer sees only the review area and their profile. Pages enforce the same roles. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", roles: ["OWNER"] },
  { href: "/tenants", label: "Tenants", roles: ["OWNER"] },
  { href: "/documents", label: "Documents", roles: ["OWNER"] },
  { href: "/billing", label: "Trials & billing", roles: ["OWNER"] },
  { href: "/revenue", label: "Revenue", roles: ["OWNER"] },
  { href: "/rate-limits", label: "Rate limits", roles: ["OWNER"] },
  { href: "/anomalies", label: "Anomalies", roles: ["OWNER"] },
  { href: "/alerts", label: "Alerts", roles: ["OWNER"] },
  { href: "/review", label: "Review queue", roles: ["OWNER", "REVIEWER"] },
  { href: "/jobs", label: "Jobs", roles: ["OWNER"] },
  { href: "/audit", label: "Audit log", roles: ["OWNER"] },
  { href: "/api-reference", label: "API reference", roles: ["OWNER", "REVIEWER"] },
  { href: "/settings", label: "Settings", roles: ["OWNER"] },
  { href: "/profile", label: "Profile", roles: ["OWNER", "REVIEWER"] },
];
