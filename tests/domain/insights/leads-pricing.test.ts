import { describe, expect, it } from 'vitest';
import { aucOf, calibrationByDecile, type ScoringLead, scoreLeads } from '../../../domain/insights/leads.ts';
import { fitLogistic, predict, solve } from '../../../domain/insights/logistic.ts';
import { attachRates, discountVersusWinRate } from '../../../domain/insights/pricing.ts';
import { addDays } from '../../../domain/shared/days.ts';

describe('logistic regression', () => {
  it('solves a small linear system', () => {
    expect(
      solve(
        [
          [2, 1],
          [1, 3],
        ],
        [3, 5],
      ).map((v) => Math.round(v * 1e6) / 1e6),
    ).toEqual([0.8, 1.4]);
  });

  it('recovers the log odds of a binary feature (lightly penalised)', () => {
    // Feature off: 1 in 5 convert (log odds −1.386); on: 3 in 4 (log odds 1.099).
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 500; i++) {
      xs.push([1, 0]);
      ys.push(i % 5 === 0 ? 1 : 0);
      xs.push([1, 1]);
      ys.push(i % 4 === 0 ? 0 : 1);
    }
    const w = fitLogistic(xs, ys, { lambda: 1e-6 });
    expect(w[0]).toBeCloseTo(Math.log(0.2 / 0.8), 3);
    expect(w[0]! + w[1]!).toBeCloseTo(Math.log(0.75 / 0.25), 3);
    expect(predict(w, [1, 1])).toBeCloseTo(0.75, 3);
  });
});

describe('lead scoring', () => {
  it('bins held-out predictions by decile and measures ranking', () => {
    const scored = Array.from({ length: 100 }, (_, i) => ({ p: i / 100, y: i >= 50 ? 1 : 0 }));
    const bins = calibrationByDecile(scored);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ decile: 1, leads: 10, predicted: 0.05, observed: 0 });
    expect(bins[9]).toEqual({ decile: 10, leads: 10, predicted: 0.95, observed: 1 });
    expect(aucOf(scored)).toBe(1);
    expect(
      aucOf([
        { p: 0.5, y: 1 },
        { p: 0.5, y: 0 },
      ]),
    ).toBe(0.5);
  });

  it('learns that referrals convert more than paid social, and is calibrated on held-out leads', () => {
    const leads: ScoringLead[] = [];
    for (let i = 0; i < 900; i++) {
      const referral = i % 2 === 0;
      // Referrals convert 3 in 5, paid social 1 in 10, the same in every period.
      const converts = referral ? i % 10 < 6 : i % 20 === 1;
      leads.push({
        leadId: `l${i}`,
        channel: referral ? 'referral' : 'paid_social',
        capturedOn: addDays('2024-01-01', Math.floor(i / 2)),
        marketingConsent: i % 3 === 0,
        status: converts ? 'converted' : 'disqualified',
      });
    }
    leads.push({
      leadId: 'open',

      channel: 'referral',
      capturedOn: '2025-06-20',
      marketingConsent: false,
      status: 'new',
    });
    const s = scoreLeads(leads, '2025-07-01')!;
    expect(s.trained).toBe(600);
    expect(s.heldOut).toBe(300);
    expect(s.baseRate).toBeCloseTo(0.35, 2);
    expect(s.auc).toBeGreaterThan(0.75);
    expect(s.brier!).toBeLessThan(s.brierBaseRate!);
    // The held-out bins: the low ones near 0.1, the high ones near 0.6.
    expect(s.calibration[0]!.predicted).toBeCloseTo(0.1, 1);
    expect(s.calibration[9]!.predicted).toBeCloseTo(0.6, 1);
    expect(s.calibration[9]!.observed).toBeCloseTo(0.6, 1);
    const referral = s.coefficients.find((c) => c.feature === 'channel: referral')!;
    expect(referral.oddsRatio).toBeGreaterThan(8);
    expect(s.open).toEqual([
      expect.objectContaining({ leadId: 'open', probability: expect.closeTo(0.6, 1) }),
    ]);
  });

  it('has nothing to say on too few leads', () => {
    expect(scoreLeads([], '2025-01-01')).toBeNull();
  });
});

describe('discount versus win rate and attach rates', () => {
  it('groups decided quotes by the share discounted', () => {
    const q = (discount: number, status: string) => ({
      subtotalCents: 10_000,
      discountCents: discount,
      status,
      decidedOn: '2025-01-02',
    });
    const rows = discountVersusWinRate(
      [
        q(0, 'accepted'),
        q(0, 'declined'),
        q(0, 'expired'),
        q(600, 'accepted'),
        q(700, 'accepted'),
        q(300, 'declined'),
        { ...q(0, 'sent'), decidedOn: undefined },
      ],
      '2025-02-01',
    );
    expect(rows.map((r) => [r.band, r.quotes, r.won, r.winRate])).toEqual([
      ['none', 3, 1, 0.33],
      ['under 2.5%', 0, 0, null],
      ['2.5–5%', 1, 0, 0],
      ['5–10%', 2, 2, 1],
      ['10% or more', 0, 0, null],
    ]);
    expect(rows[3]!.lo).toBeLessThan(1);
  });

  it("counts each model's orders carrying each option", () => {
    const loft = { code: 'LOFT', name: 'Sleeping loft', priceCents: 500_000 };
    const solar = { code: 'SOLAR', name: 'Solar', priceCents: 1_000_000 };
    const order = (options: (typeof loft)[]) => ({
      modelId: 'm1',
      modelName: 'Cabin',
      on: '2025-01-01',
      options,
    });
    const rows = attachRates(
      [
        order([loft]),
        order([loft, solar]),
        order([]),
        order([loft]),
        { ...order([solar]), on: '2026-01-01' },
      ],
      [{ modelId: 'm1', name: 'Cabin', options: [loft, solar] }],
      '2025-06-01',
    );
    expect(rows.map((r) => [r.code, r.orders, r.attached, r.rate, r.revenueCents])).toEqual([
      ['LOFT', 4, 3, 0.75, 1_500_000],
      ['SOLAR', 4, 1, 0.25, 1_000_000],
    ]);
  });
});
