import type { ChangeFeed } from '../common/change-feed';
import { NotFoundError } from '../common/errors';
import { parseId } from '../common/ids';
import type { RequestContext } from '../common/request-context';
import { execute, query } from '../common/sql';
import { withTransaction } from '../common/transaction';

/** What forgetUser removed. */
export interface ForgetResult {
  events: number;
  anonymisedOrders: number;
}

/**
 * The right to be forgotten: deletes the user's events and the user row (email, country, attributes), and detaches
 * their orders (user_id NULL), which stay for sales totals and forecasts. One transaction; afterwards the serving
 * caches drop the user at once, so the next request for them is a cold start, and the next training no longer sees
 * them (their interactions are gone).
 */
export class ForgetUserService {
  constructor(private readonly changes?: ChangeFeed) {}

  async forget(ctx: RequestContext, id: string): Promise<ForgetResult> {
    const userId = parseId(id, 'id');
    const result = await withTransaction(ctx, async (tx) => {
      const [user] = await query<{ id: string }>(tx, `SELECT id::text AS id FROM users WHERE id = $1::bigint FOR UPDATE`, [userId]);
      if (!user) throw new NotFoundError(`user ${userId} does not exist`);
      const events = await execute(tx, `DELETE FROM events WHERE user_id = $1::bigint`, [userId]);
      const orders = await execute(tx, `UPDATE orders SET user_id = NULL WHERE user_id = $1::bigint`, [userId]);
      await execute(tx, `DELETE FROM users WHERE id = $1::bigint`, [userId]);
      return { events: events.rowCount, anonymisedOrders: orders.rowCount };
    });
    this.changes?.emit('user-activity', [userId]);
    return result;
  }
}
