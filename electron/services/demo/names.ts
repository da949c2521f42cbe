/** Word lists for the demo data generator. Plain data; realistic, international, and fictional. */

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie',
  'Ronald', 'Rebecca', 'Jason', 'Sharon', 'Edward', 'Laura', 'Jeffrey', 'Cynthia', 'Ryan', 'Kathleen',
  'Jacob', 'Amy', 'Gary', 'Angela', 'Nicholas', 'Shirley', 'Eric', 'Anna', 'Jonathan', 'Brenda',
  'Stephen', 'Pamela', 'Larry', 'Emma', 'Justin', 'Nicole', 'Scott', 'Helen', 'Brandon', 'Samantha',
  'Benjamin', 'Katherine', 'Samuel', 'Christine', 'Gregory', 'Debra', 'Alexander', 'Rachel', 'Patrick', 'Carolyn',
  'Frank', 'Janet', 'Raymond', 'Catherine', 'Jack', 'Maria', 'Dennis', 'Heather', 'Jerry', 'Diane',
  'Aarav', 'Priya', 'Vikram', 'Ananya', 'Rohan', 'Deepika', 'Arjun', 'Kavya', 'Rahul', 'Sneha',
  'Wei', 'Mei', 'Jun', 'Xiu', 'Hiroshi', 'Yuki', 'Haruto', 'Sakura', 'Kenji', 'Aiko',
  'Min-jun', 'Ji-woo', 'Seo-yeon', 'Hyun', 'Lars', 'Ingrid', 'Sven', 'Astrid', 'Mikael', 'Freya',
  'Lukas', 'Hannah', 'Felix', 'Lena', 'Jonas', 'Mia', 'Leon', 'Sophie', 'Matteo', 'Giulia',
  'Lorenzo', 'Chiara', 'Alessandro', 'Francesca', 'Mateo', 'Lucía', 'Santiago', 'Valentina', 'Diego', 'Camila',
  'João', 'Beatriz', 'Pedro', 'Mariana', 'Gabriel', 'Isabela', 'Louis', 'Chloé', 'Hugo', 'Camille',
  'Olumide', 'Chiamaka', 'Kwame', 'Amara', 'Tunde', 'Zainab', 'Omar', 'Layla', 'Youssef', 'Fatima',
  'Ahmed', 'Noor', 'Mehmet', 'Elif', 'Dmitri', 'Anastasia', 'Ivan', 'Olga', 'Piotr', 'Zofia',
  'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Isla', 'Oscar', 'Grace', 'Finn', 'Ruby',
  'Aisha', 'Tariq', 'Nadia', 'Ravi', 'Sanjay', 'Meera', 'Tomás', 'Elena', 'Nikos', 'Eleni',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Sharma', 'Gupta', 'Singh', 'Kumar', 'Reddy', 'Iyer', 'Chen', 'Wang', 'Zhang', 'Liu',
  'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Ito',
  'Yamamoto', 'Nakamura', 'Kobayashi', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Lim',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Leroy', 'Fernandes', 'Silva',
  'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Larsen',
  'Hansen', 'Jensen', 'Nielsen', 'Kowalski', 'Nowak', 'Wiśniewski', 'Ivanov', 'Petrov', 'Popescu', 'Horvat',
  'Okafor', 'Adeyemi', 'Mensah', 'Abubakar', 'Haddad', 'Khalil', 'Hassan', 'Yilmaz', 'Kaya', 'Demir',
  "O'Brien", "O'Connor", 'McCarthy', 'Murray', 'Byrne', 'Walsh', 'Fraser', 'Campbell-Jones', 'van Dijk', 'de Vries',
];

export interface DepartmentDef {
  name: string;
  weight: number;
  division: string;
  costCenter: string;
  titles: readonly string[];
  teams: readonly string[];
}

export const DEPARTMENTS: readonly DepartmentDef[] = [
  { name: 'Engineering', weight: 30, division: 'Research & Development', costCenter: 'CC-4100', titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Principal Engineer', 'Site Reliability Engineer', 'QA Engineer', 'Engineering Manager'], teams: ['Platform', 'Frontend', 'Backend', 'Mobile', 'Infrastructure', 'Developer Experience', 'Payments', 'Search', 'Identity', 'Data Platform'] },
  { name: 'Product', weight: 5, division: 'Research & Development', costCenter: 'CC-4200', titles: ['Product Manager', 'Senior Product Manager', 'Group Product Manager', 'Product Operations Analyst'], teams: ['Core', 'Growth', 'Enterprise'] },
  { name: 'Design', weight: 3, division: 'Research & Development', costCenter: 'CC-4300', titles: ['Product Designer', 'Senior Product Designer', 'UX Researcher', 'Design Manager'], teams: ['Product Design', 'Brand', 'Research'] },
  { name: 'Data Science', weight: 3, division: 'Research & Development', costCenter: 'CC-4400', titles: ['Data Scientist', 'Senior Data Scientist', 'Machine Learning Engineer', 'Analytics Engineer'], teams: ['Analytics', 'Machine Learning'] },
  { name: 'Security', weight: 2, division: 'Research & Development', costCenter: 'CC-4500', titles: ['Security Engineer', 'Security Analyst', 'Security Architect'], teams: ['AppSec', 'SecOps', 'GRC'] },
  { name: 'Sales', weight: 14, division: 'Go-To-Market', costCenter: 'CC-2100', titles: ['Account Executive', 'Senior Account Executive', 'Sales Development Representative', 'Sales Engineer', 'Regional Sales Director'], teams: ['EMEA', 'North America', 'APAC', 'Enterprise', 'Mid-Market'] },
  { name: 'Marketing', weight: 6, division: 'Go-To-Market', costCenter: 'CC-2200', titles: ['Marketing Manager', 'Content Strategist', 'Demand Generation Manager', 'Product Marketing Manager'], teams: ['Demand Gen', 'Content', 'Events', 'Product Marketing'] },
  { name: 'Customer Success', weight: 8, division: 'Go-To-Market', costCenter: 'CC-2300', titles: ['Customer Success Manager', 'Implementation Consultant', 'Solutions Architect'], teams: ['Onboarding', 'Strategic Accounts', 'Renewals'] },
  { name: 'Support', weight: 8, division: 'Go-To-Market', costCenter: 'CC-2400', titles: ['Support Engineer', 'Senior Support Engineer', 'Support Team Lead'], teams: ['Tier 1', 'Tier 2', 'Escalations'] },
  { name: 'Finance', weight: 4, division: 'General & Administrative', costCenter: 'CC-1100', titles: ['Financial Analyst', 'Accountant', 'Controller', 'FP&A Manager'], teams: ['Accounting', 'FP&A', 'Procurement'] },
  { name: 'People', weight: 4, division: 'General & Administrative', costCenter: 'CC-1200', titles: ['HR Business Partner', 'Recruiter', 'People Operations Specialist', 'Talent Acquisition Lead'], teams: ['Recruiting', 'People Ops', 'Learning'] },
  { name: 'Legal', weight: 2, division: 'General & Administrative', costCenter: 'CC-1300', titles: ['Corporate Counsel', 'Paralegal', 'Privacy Counsel'], teams: ['Commercial', 'Privacy'] },
  { name: 'IT', weight: 4, division: 'General & Administrative', costCenter: 'CC-1400', titles: ['IT Support Specialist', 'Systems Administrator', 'Identity Engineer', 'IT Manager'], teams: ['Helpdesk', 'Corporate Systems', 'Identity & Access'] },
  { name: 'Operations', weight: 4, division: 'General & Administrative', costCenter: 'CC-1500', titles: ['Operations Manager', 'Business Analyst', 'Program Manager'], teams: ['Business Operations', 'Revenue Operations'] },
  { name: 'Facilities', weight: 3, division: 'General & Administrative', costCenter: 'CC-1600', titles: ['Facilities Coordinator', 'Workplace Manager'], teams: ['Workplace'] },
];

export interface OfficeDef {
  city: string;
  region: string;
  country: string;
  locale: string;
  timezone: string;
  phone: string;
  weight: number;
}

export const OFFICES: readonly OfficeDef[] = [
  { city: 'San Francisco', region: 'CA', country: 'US', locale: 'en-US', timezone: 'America/Los_Angeles', phone: '+1 415 555', weight: 18 },
  { city: 'New York', region: 'NY', country: 'US', locale: 'en-US', timezone: 'America/New_York', phone: '+1 212 555', weight: 16 },
  { city: 'Austin', region: 'TX', country: 'US', locale: 'en-US', timezone: 'America/Chicago', phone: '+1 512 555', weight: 10 },
  { city: 'Toronto', region: 'ON', country: 'CA', locale: 'en-CA', timezone: 'America/Toronto', phone: '+1 416 555', weight: 5 },
  { city: 'London', region: 'England', country: 'GB', locale: 'en-GB', timezone: 'Europe/London', phone: '+44 20 7946', weight: 12 },
  { city: 'Berlin', region: 'Berlin', country: 'DE', locale: 'de-DE', timezone: 'Europe/Berlin', phone: '+49 30 5557', weight: 7 },
  { city: 'Paris', region: 'Île-de-France', country: 'FR', locale: 'fr-FR', timezone: 'Europe/Paris', phone: '+33 1 5550', weight: 5 },
  { city: 'Amsterdam', region: 'North Holland', country: 'NL', locale: 'nl-NL', timezone: 'Europe/Amsterdam', phone: '+31 20 5550', weight: 4 },
  { city: 'Madrid', region: 'Madrid', country: 'ES', locale: 'es-ES', timezone: 'Europe/Madrid', phone: '+34 91 5550', weight: 3 },
  { city: 'Bengaluru', region: 'Karnataka', country: 'IN', locale: 'en-IN', timezone: 'Asia/Kolkata', phone: '+91 80 5550', weight: 8 },
  { city: 'Singapore', region: 'Singapore', country: 'SG', locale: 'en-SG', timezone: 'Asia/Singapore', phone: '+65 6555', weight: 3 },
  { city: 'Tokyo', region: 'Tokyo', country: 'JP', locale: 'ja-JP', timezone: 'Asia/Tokyo', phone: '+81 3 5550', weight: 3 },
  { city: 'Sydney', region: 'NSW', country: 'AU', locale: 'en-AU', timezone: 'Australia/Sydney', phone: '+61 2 5550', weight: 3 },
  { city: 'São Paulo', region: 'SP', country: 'BR', locale: 'pt-BR', timezone: 'America/Sao_Paulo', phone: '+55 11 5550', weight: 3 },
];

export const PROJECT_CODENAMES = [
  'Atlas', 'Borealis', 'Cascade', 'Daybreak', 'Ember', 'Falcon', 'Granite', 'Helios', 'Ironwood', 'Juniper',
  'Kestrel', 'Lighthouse', 'Meridian', 'Nimbus', 'Orion', 'Pinnacle', 'Quasar', 'Redwood', 'Sequoia', 'Tidewater',
  'Umbra', 'Vanguard', 'Willow', 'Xenon', 'Yellowstone', 'Zephyr', 'Aurora', 'Beacon', 'Compass', 'Drift',
  'Evergreen', 'Fjord', 'Glacier', 'Harbor', 'Indigo', 'Jetstream', 'Keystone', 'Lantern', 'Monsoon', 'Nova',
  'Obsidian', 'Polaris', 'Quarry', 'Riptide', 'Summit', 'Tundra', 'Upland', 'Voyager', 'Wavelength', 'Zenith',
];

/** SaaS applications whose access is granted by group. */
export const APPS = [
  'Salesforce', 'GitHub', 'Slack', 'Jira', 'Confluence', 'Zoom', 'Figma', 'Datadog', 'AWS Console', 'Google Workspace',
  'Workday', 'Zendesk', 'HubSpot', 'Snowflake', 'Tableau', 'PagerDuty', 'Notion', 'Okta Admin', 'NetSuite', 'DocuSign',
];

export const ROLE_GROUPS = [
  'People Managers', 'Directors', 'Contractors', 'Interns', 'New Hires', 'Remote Workers', 'On-Call Engineers',
  'Security Champions', 'Travel Approvers', 'Budget Owners', 'Hiring Managers', 'Mentors', 'Employee Resource Group - Women in Tech',
  'Employee Resource Group - Pride', 'Wellness Committee', 'Social Committee', 'Inactive Accounts', 'Break-Glass Admins',
  'Domain Admins', 'VPN Users', 'Laptop Refresh 2025', 'Benefits Enrollment', 'Quarterly Kickoff Attendees',
];

export const USER_TYPES = ['Employee', 'Contractor', 'Intern'] as const;
export const USER_TYPE_WEIGHTS = [90, 8, 2];
