import type { ScimResource } from '../../../../shared/contract';
import { activeOf, displayNameOf, primaryEmail, textOf } from './userFields';

export function UsersTable({ users, startIndex }: { users: ScimResource[]; startIndex: number }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col" className="col-num">#</th>
            <th scope="col">userName</th>
            <th scope="col">displayName</th>
            <th scope="col">Primary email</th>
            <th scope="col">active</th>
            <th scope="col">id</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user, index) => {
            const id = textOf(user.id);
            const active = activeOf(user);
            return (
              // Ids may repeat or be missing on broken servers; the position keeps keys unique.
              <tr key={`${startIndex + index}:${id}`} data-testid="user-row" data-id={id}>
                <td className="col-num muted">{startIndex + index}</td>
                <td className="mono">{textOf(user.userName)}</td>
                <td>{displayNameOf(user)}</td>
                <td className="mono">{primaryEmail(user)}</td>
                <td>
                  <span className={active.active === false ? 'state-off' : active.active ? 'state-on' : 'muted'}>{active.label}</span>
                </td>
                <td className="mono muted" title={id}>
                  {id}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
