import { canonicalJson, isCanonical } from './canonical.ts';
import type { AuditEntry } from './entries.ts';
import { entryHash, GENESIS_HASH, sha256 } from './hash-chain.ts';

/**
 * Verification of the audit chain and its digests. Pure: the caller streams the stored items in key
 * order and hands over the digests; the verifier recomputes every hash, checks every link and names the
 * first break and what kind of tampering explains it.
 */
export type BreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'digest';

export interface BrokenLink {
  /** The sequence number where the chain first stops holding. */
  seq: number;
  kind: BreakKind;
  message: string;
  expected?: string;
  actual?: string;
}

/** An entry as read from the table: its key's sequence number, the stored hash and the canonical text. */
export interface StoredEntry {
  /** From the item's key; NaN when the key is not a sequence number at all. */
  keySeq: number;
  key: string;
  prevHash: string;
  hash: string;
  entry: string;
}

export const DIGEST_FORMAT = 'firefly-audit-digest/1';

/** A digest: what the periodic job writes to S3, CloudTrail-style. */
export interface DigestBody {
  format: typeof DIGEST_FORMAT;
  stage: string;
  fromSeq: number;
  toSeq: number;
  entryCount: number;
  firstChainedAt: string;
  lastChainedAt: string;
  /** The hash of entry fromSeq - 1 (64 zeros for the first digest). */
  previousHash: string;
  /** The hash of entry toSeq. */
  lastHash: string;
  /** The digest before this one and the SHA-256 of its exact bytes; null for the first. */
  previousDigest: { key: string; sha256: string } | null;
  createdAt: string;
}

export interface StoredDigest {
  key: string;
  /** SHA-256 of the object's bytes as read back. */
  sha256: string;
  body: DigestBody;
}

export const digestText = (body: DigestBody): string => canonicalJson(body);

export interface VerifyResult {
  ok: boolean;
  checked: number;
  fromSeq: number;
  /** The last sequence number checked. */
  toSeq: number;
  lastHash: string;
  digestsChecked: number;
  firstBroken?: BrokenLink;
}

interface Link {
  seq: number;
  hash: string;
  prevHash: string;
}

interface Parsed {
  item: StoredEntry;
  body?: AuditEntry;
}

const parse = (item: StoredEntry): Parsed => {
  try {
    return { item, body: JSON.parse(item.entry) as AuditEntry };
  } catch {
    return { item };
  }
};

const range = (from: number, to: number) => (from === to ? `entry ${from} is` : `entries ${from}–${to} are`);

/**
 * Walks the chain one entry at a time, holding one entry back so a swap of neighbours can be told apart
 * from a deletion. Stops at the first break.
 */
export class ChainVerifier {
  private prev: Link;
  private held: Parsed | undefined;
  private checked = 0;
  private broken: BrokenLink | undefined;
  private readonly fromSeq: number;
  private readonly seen = new Map<string, number>();
  private readonly digestsByEnd = new Map<number, StoredDigest>();
  private readonly digestsByStart = new Map<number, StoredDigest>();
  private digestsChecked = 0;

  constructor(
    options: {
      /** Entry fromSeq - 1 when verifying a range: its stored hash is taken as given. */
      anchor?: Link;
      digests?: readonly StoredDigest[];
    } = {},
  ) {
    this.prev = options.anchor ?? { seq: 0, hash: GENESIS_HASH, prevHash: '' };
    this.fromSeq = this.prev.seq + 1;
    for (const digest of options.digests ?? []) {
      this.digestsByEnd.set(digest.body.toSeq, digest);
      this.digestsByStart.set(digest.body.fromSeq - 1, digest);
    }
    if (this.prev.seq === 0) this.checkDigestStart(this.prev);
  }

  get done(): boolean {
    return this.broken !== undefined;
  }

  /** Adds the next item in key order; returns false once the chain is broken. */
  push(item: StoredEntry): boolean {
    if (this.broken) return false;
    const next = parse(item);
    if (this.held) this.check(this.held, next);
    this.held = next;
    return !this.broken;
  }

  /**
   * Ends the walk. With `complete`, the items pushed were the whole chain up to its tail, so a digest
   * sealing entries beyond the last one means entries were cut off the end.
   */
  finish(complete = true): VerifyResult {
    if (this.held && !this.broken) this.check(this.held, undefined);
    this.held = undefined;
    if (!this.broken && complete) {
      const beyond = [...this.digestsByEnd.values()]
        .filter((d) => d.body.toSeq > this.prev.seq)
        .sort((a, b) => a.body.toSeq - b.body.toSeq)[0];
      if (beyond) {
        this.fail({
          seq: this.prev.seq + 1,
          kind: 'deleted',
          message: `${range(this.prev.seq + 1, beyond.body.toSeq)} missing from the end of the log: digest ${beyond.key} sealed the chain up to entry ${beyond.body.toSeq}`,
          expected: beyond.body.lastHash,
        });
      }
    }
    return {
      ok: !this.broken,
      checked: this.checked,
      fromSeq: this.fromSeq,
      toSeq: this.prev.seq,
      lastHash: this.prev.hash,
      digestsChecked: this.digestsChecked,
      ...(this.broken ? { firstBroken: this.broken } : {}),
    };
  }

  private fail(link: BrokenLink) {
    this.broken ??= link;
  }

  private checkDigestStart(link: Link) {
    const digest = this.digestsByStart.get(link.seq);
    if (digest && digest.body.previousHash !== link.hash) {
      this.fail({
        seq: link.seq,
        kind: 'digest',
        message: `Digest ${digest.key} starts after entry ${link.seq} with a different hash: entries up to ${link.seq} were rewritten after it was sealed`,
        expected: digest.body.previousHash,
        actual: link.hash,
      });
    }
  }

  private check(cur: Parsed, next: Parsed | undefined) {
    const { item, body } = cur;
    const label = Number.isInteger(item.keySeq) ? item.keySeq : item.key;
    // 1. The item on its own: canonical text, attributes that agree with it, and a hash that matches it.
    if (!body || !isCanonical(item.entry)) {
      return this.fail({
        seq: Number(item.keySeq),
        kind: 'edited',
        message: `Entry ${label} was edited: its stored text is no longer the canonical JSON it was chained as`,
      });
    }
    if (body.prevHash !== item.prevHash) {
      return this.fail({
        seq: body.seq,
        kind: 'edited',
        message: `Entry ${label} was edited: its previous-hash attribute disagrees with its content`,
        expected: body.prevHash,
        actual: item.prevHash,
      });
    }
    const recomputed = entryHash(body.prevHash, item.entry);
    if (recomputed !== item.hash) {
      return this.fail({
        seq: body.seq,
        kind: 'edited',
        message: `Entry ${body.seq} was edited after it was chained: its content no longer matches its hash`,
        expected: item.hash,
        actual: recomputed,
      });
    }
    // 2. Its place: the next number, linked to the entry before.
    const expected = this.prev.seq + 1;
    if (!(body.prevHash === this.prev.hash && body.seq === expected && item.keySeq === expected)) {
      return this.fail(this.diagnose(cur as Required<Parsed>, next, expected));
    }
    this.checked += 1;
    this.seen.set(item.hash, body.seq);
    const link = { seq: body.seq, hash: item.hash, prevHash: body.prevHash };
    const digest = this.digestsByEnd.get(body.seq);
    if (digest) {
      this.digestsChecked += 1;
      if (digest.body.lastHash !== item.hash) {
        this.fail({
          seq: digest.body.fromSeq,
          kind: 'digest',
          message: `Entries ${digest.body.fromSeq}–${digest.body.toSeq} were rewritten after digest ${digest.key} sealed them: the chain's hash at ${body.seq} no longer matches the digest`,
          expected: digest.body.lastHash,
          actual: item.hash,
        });
      }
    }
    this.prev = link;
    this.checkDigestStart(link);
  }

  private diagnose(cur: Required<Parsed>, next: Parsed | undefined, expected: number): BrokenLink {
    const { item, body } = cur;
    const nextBody = next?.body;
    if (!Number.isInteger(item.keySeq)) {
      return {
        seq: expected,
        kind: 'inserted',
        message: `An entry was inserted after entry ${this.prev.seq}: item ${item.key} is outside the log's numbering`,
      };
    }
    // The entry before and this one both claim the same predecessor: one of them was slipped in.
    if (this.prev.seq >= 1 && body.prevHash === this.prev.prevHash) {
      const curIsGenuine = nextBody?.prevHash === item.hash;
      const seq = curIsGenuine ? this.prev.seq : item.keySeq;
      return {
        seq,
        kind: 'inserted',
        message: `An entry was inserted at ${seq}: entries ${this.prev.seq} and ${item.keySeq} both claim to follow entry ${this.prev.seq - 1}`,
      };
    }
    // Neighbours in each other's places.
    if (nextBody && body.seq === expected + 1 && nextBody.seq === expected) {
      return {
        seq: expected,
        kind: 'reordered',
        message: `Entries ${expected} and ${expected + 1} were reordered: each is stored in the other's place`,
      };
    }
    if (body.seq > expected && body.seq === item.keySeq) {
      return {
        seq: expected,
        kind: 'deleted',
        message: `${range(expected, body.seq - 1)} missing: entry ${body.seq} comes straight after entry ${this.prev.seq}`,
        expected: this.prev.hash,
        actual: body.prevHash,
      };
    }
    const earlier = this.seen.get(body.prevHash);
    if (earlier !== undefined || body.seq !== item.keySeq) {
      return {
        seq: expected,
        kind: 'reordered',
        message:
          earlier !== undefined
            ? `Entry ${body.seq} is out of order: it follows entry ${earlier}, not entry ${this.prev.seq}`
            : `Entry ${body.seq} is stored at position ${item.keySeq}: entries were moved`,
      };
    }
    return {
      seq: this.prev.seq,
      kind: 'edited',
      message: `The link from entry ${this.prev.seq} to entry ${body.seq} is broken: entry ${this.prev.seq} was changed and re-hashed, or entries after it were removed and the rest renumbered`,
      expected: body.prevHash,
      actual: this.prev.hash,
    };
  }
}

/** Verifies a chain held in memory (tests, the evidence pack). */
export const verifyEntries = (
  items: Iterable<StoredEntry>,
  options: ConstructorParameters<typeof ChainVerifier>[0] & { complete?: boolean } = {},
): VerifyResult => {
  const verifier = new ChainVerifier(options);
  for (const item of items) if (!verifier.push(item)) break;
  return verifier.finish(options.complete ?? true);
};

/**
 * The digests among themselves, CloudTrail-style: each names the one before by key and by the SHA-256
 * of its exact bytes, and starts where it ended. Digests are sorted by the range they seal.
 */
export const verifyDigestChain = (
  digests: readonly StoredDigest[],
  /** The list holds every digest ever written, so the first must start the chain. */
  complete = true,
): BrokenLink | undefined => {
  const sorted = [...digests].sort((a, b) => a.body.toSeq - b.body.toSeq);
  for (const [i, digest] of sorted.entries()) {
    const body = digest.body;
    if (body.format !== DIGEST_FORMAT || body.toSeq < body.fromSeq) {
      return { seq: body.fromSeq, kind: 'digest', message: `Digest ${digest.key} is malformed` };
    }
    const before = sorted[i - 1];
    if (!before) {
      if (!complete && body.previousDigest !== null) continue;
      if (body.fromSeq === 1 && body.previousHash !== GENESIS_HASH) {
        return {
          seq: 1,
          kind: 'digest',
          message: `Digest ${digest.key} seals the first entries but does not start from the empty chain`,
        };
      }
      if (body.previousDigest !== null) {
        return {
          seq: body.fromSeq,
          kind: 'digest',
          message: `Digest ${body.previousDigest.key}, which ${digest.key} follows, is missing`,
        };
      }
      continue;
    }
    if (body.previousDigest?.key !== before.key) {
      return {
        seq: body.fromSeq,
        kind: 'digest',
        message: `Digest ${digest.key} follows ${body.previousDigest?.key ?? 'nothing'}, not ${before.key}: a digest was removed or replaced`,
      };
    }
    if (body.previousDigest.sha256 !== before.sha256) {
      return {
        seq: before.body.fromSeq,
        kind: 'digest',
        message: `Digest ${before.key} was changed after ${digest.key} recorded its hash`,
        expected: body.previousDigest.sha256,
        actual: before.sha256,
      };
    }
    if (body.fromSeq !== before.body.toSeq + 1 || body.previousHash !== before.body.lastHash) {
      return {
        seq: body.fromSeq,
        kind: 'digest',
        message: `Digest ${digest.key} does not continue where ${before.key} ended`,
      };
    }
  }
  return undefined;
};

export const storedDigest = (key: string, bytes: string): StoredDigest => ({
  key,
  sha256: sha256(bytes),
  body: JSON.parse(bytes) as DigestBody,
});
