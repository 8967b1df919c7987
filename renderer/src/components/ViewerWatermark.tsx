import { Watermark } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useArchiveTime } from '../lib/archive-time';
import { useSession } from '../lib/session-context';

/** Overlays the viewer's name and the time on disclosed details (screenshots stay traceable). */
export function ViewerWatermark({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const at = useArchiveTime();
  const content = useMemo(() => [`${status.session?.displayName ?? ''} (${status.session?.username ?? ''})`, at.time(Date.now())], [status.session, at]);
  return (
    <div data-testid="watermark" data-watermark={content.join(' ')} style={{ position: 'relative' }}>
      <Watermark content={content} font={{ color: 'rgba(0,0,0,0.13)', fontSize: 14 }} gap={[80, 80]} zIndex={20}>
        {children}
      </Watermark>
    </div>
  );
}
