import type { MemberRef } from '../../../shared/scim';
import { ServerText } from './ServerText';

/** A member or group as "Name (id)", both as the server sent them: isolated, controls shown. */
export function RefLabel({ member }: { member: MemberRef }) {
  if (!member.display) return <ServerText className="mono" value={member.value} />;
  return (
    <>
      <ServerText value={member.display} /> (<ServerText className="mono" value={member.value} />)
    </>
  );
}
