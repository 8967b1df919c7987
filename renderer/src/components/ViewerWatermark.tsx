import { Watermark } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { nowText } from '../lib/register-data';
import { useSession } from '../lib/session-context';

/** Overlays the viewer's name and the time on disclosed details (screenshots stay traceable). */
export function ViewerWatermark({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const content = useMemo(() => [`${status.session?.displayName ?? ''} (${status.session?.username ?? ''})`, nowText()], [status.session]);
  return (
    <div data-testid="watermark" data-watermark={content.join(' ')} style={{ position: 'relative' }}>
      <Watermark content={content} font={{ color: 'rgba(0,0,0,0.13)', fontSize: 14 }} gap={[80, 80]} zIndex={20}>
        {children}
      </Watermark>
    </div>
  );
}
