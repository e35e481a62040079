import { NoAgency } from '@/components/agency/no-agency';

/** 403 in the agency workspace: the caller belongs to no agency (forbidden() in a page under /agent). */
export default function AgencyForbidden() {
  return <NoAgency />;
}
