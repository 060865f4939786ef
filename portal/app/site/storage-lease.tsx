// How long a site stays stored: when the first of its quilts that its owner holds stops being
// stored, and a warning when that is close, since the site's files then answer 404. The same
// reading and window as `floe site list` (core/deploy/site-lease.ts).
import { formatCoin } from '../../../core/deploy/format-coin.ts';
import { daysLeft, endsWithin, EXPIRY_WARNING_DAYS, readSiteLease } from '../../../core/deploy/site-lease.ts';
import type { OnChainSite } from '../../../core/sui/site-read.ts';
import { useServices } from '../services/services-context.ts';
import { plural } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';

export function StorageLease({ site }: { readonly site: OnChainSite }) {
  const services = useServices();
  const read = useAsync(() => readSiteLease(services.walrus, services.sui, site), [services, site]);
  if (read.status === 'loading') return <p className="muted">Reading how long the site is stored…</p>;
  if (read.status === 'error')
    return (
      <p className="muted" data-testid="storage-lease">
        Could not read the site's storage lease: {read.error.message}
      </p>
    );
  if (!read.value || read.value.lease.expiresAtMs === null)
    return (
      <p className="muted" data-testid="storage-lease">
        Its quilts belong to other addresses, so when its storage ends is theirs to see.
      </p>
    );
  const { lease } = read.value;
  const days = daysLeft(lease)!;
  const date = new Date(lease.expiresAtMs!).toLocaleDateString();
  const soon = endsWithin(lease, EXPIRY_WARNING_DAYS);
  return (
    <div className="storage-lease">
      <p data-testid="storage-lease">
        Stored until epoch {lease.expiry.endEpoch} ({date},{' '}
        {days < 0 ? 'ended' : days === 0 ? 'today' : `in ${plural(days, 'day')}`}); one more epoch costs{' '}
        {formatCoin(lease.walPerEpoch)} WAL.
        {lease.expiry.foreign > 0
          ? ` ${plural(lease.expiry.foreign, 'quilt')} of it belong to other addresses.`
          : ''}
      </p>
      {soon ? (
        <p className="storage-warning" role="alert" data-testid="storage-warning">
          {days < 0
            ? "This site's storage has ended: its files answer 404 until the owner publishes it again."
            : `This site's storage ends within ${EXPIRY_WARNING_DAYS} days; then its files answer 404.`}{' '}
          The owner can extend it with <code>floe site extend {site.id} --epochs &lt;n&gt;</code>.
        </p>
      ) : null}
    </div>
  );
}
