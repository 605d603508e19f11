// The cycle's points on a bar with the thresholds marked (12/18/24 for an institution, 8/12 for a practitioner):
// what has been reached is coloured, and each mark says what it calls for.
import type { CreditCycleView } from '../../../../shared/contract';

export function PointsGauge({ cycle }: { cycle: CreditCycleView }) {
  const last = cycle.thresholds.at(-1)?.points ?? 12;
  const max = Math.max(Math.ceil(last * 1.25), cycle.points);
  const level = cycle.thresholds.filter((t) => t.reached).length;
  const at = (n: number) => `${Math.min(100, (n / max) * 100)}%`;
  return (
    <div className="gauge">
      <div
        className="gauge-track"
        role="meter"
        aria-label="本周期记分"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={cycle.points}
        aria-valuetext={`${cycle.points} 分`}
      >
        <div className={`gauge-fill gauge-level-${level}`} style={{ width: at(cycle.points) }} />
        {cycle.thresholds.map((t) => (
          <div
            key={t.points}
            className={`gauge-mark${t.reached ? ' gauge-mark-reached' : ''}`}
            style={{ left: at(t.points) }}
            title={`${t.points} 分：${t.actions.join('、')}`}
          >
            <span>{t.points}</span>
          </div>
        ))}
      </div>
      <ul className="gauge-legend">
        {cycle.thresholds.map((t) => (
          <li key={t.points} className={t.reached ? 'gauge-legend-reached' : ''}>
            <strong>≥{t.points} 分</strong>：{t.actions.join('、')}（等级最高 {t.tierCap} 级）
            {t.reached ? ' ——已达到' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
