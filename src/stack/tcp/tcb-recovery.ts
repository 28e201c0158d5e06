/**
 * The Tcb's recovery fields (loss recovery, CUBIC's epoch, tail loss probes, RACK and PRR,
 * F-RTO, D-SACK, retransmission backoff, the invalid-segment ACK throttle) kept apart: a
 * connection that never lost, probed or left slow start holds every one at its initial value,
 * so until one changes they are one shared frozen set (RECOVERY_UNSET) and the connection's
 * Tcb holds a pointer to it, not 44 fields. An idle socket's Tcb had 131 fields, 85 of them untouched (issue 15: 10 000 idle
 * connections). The Tcb's accessors (RecoveryAccessors, every Tcb's prototype) read the
 * set, and a write that changes a value gives the Tcb a set of its own first; the fields'
 * meanings are documented on Tcb (tcb.ts).
 */
import type { Nanos } from '../nanos.ts';
import type { Tcb } from './tcb.ts';
import { TCP_FASTRETRANS_THRESH } from './linux.ts';

/** the fields kept apart */
export type RecoveryKey = 'ccCnt' | 'ccLastMaxCwnd' | 'ccLastCwnd' | 'ccLastTime' | 'ccOriginPoint' | 'ccK' |
   'ccDelayMin' | 'ccEpochStart' | 'ccAckCnt' | 'ccTcpCwnd' | 'ccFound' | 'rtoIsProbe' | 'tlpHighSeq' | 'tlpRetrans' |
   'rackMstamp' | 'rackEndSeq' | 'rackRtt' | 'rackAdvanced' | 'reoWndSteps' | 'reoWndPersist' | 'rackDsackSeen' |
   'rackLastDelivered' | 'bytesRetrans' | 'totalRetrans' | 'dsackDups' | 'reordSeen' | 'reordering' | 'rtoIsReo' | 'prrDelivered' |
   'prrOut' | 'frto' | 'lossHighSeq' | 'frtoRtxEnd' | 'rtxLimit' | 'priorCwnd' | 'priorSsthresh' | 'recover' |
   'dupAcks' | 'dsackStart' | 'dsackEnd' | 'ofoFinSeq' | 'backoff' | 'probes' | 'probesStamp' | 'lastOowAckAt';

export type RecoveryFields = { -readonly [K in RecoveryKey]: Tcb[K] };

/** The initial values (as newTcb had them), one literal: every set of its own has one shape. */
export function newRecovery(): RecoveryFields {
  return {
    ccCnt: 0, ccLastMaxCwnd: 0, ccLastCwnd: 0, ccLastTime: 0, ccOriginPoint: 0, ccK: 0, ccDelayMin: 0,
    ccEpochStart: 0, ccAckCnt: 0, ccTcpCwnd: 0, ccFound: 0, rtoIsProbe: false, tlpHighSeq: -1, tlpRetrans: false,
    rackMstamp: 0, rackEndSeq: 0, rackRtt: 0, rackAdvanced: false, reoWndSteps: 1, reoWndPersist: 0,
    rackDsackSeen: false, rackLastDelivered: 0, bytesRetrans: 0, totalRetrans: 0, dsackDups: 0, reordSeen: 0,
    reordering: TCP_FASTRETRANS_THRESH, rtoIsReo: false, prrDelivered: 0, prrOut: 0, frto: 0, lossHighSeq: -1,
    frtoRtxEnd: 0, rtxLimit: -1, priorCwnd: 0, priorSsthresh: 0, recover: -1, dupAcks: 0, dsackStart: 0, dsackEnd: 0,
    ofoFinSeq: -1, backoff: 0, probes: 0, probesStamp: -1, lastOowAckAt: -1,
  };
}

/** The set every Tcb starts with; frozen, so a write that skipped own() throws instead of reaching every Tcb. */
export const RECOVERY_UNSET: Readonly<RecoveryFields> = Object.freeze(newRecovery());

/**
 * The prototype of every Tcb (newTcb): the recovery fields as accessors over `rec`. A setter
 * writes only a changed value, so writing an initial value (a `dupAcks = 0` on every ACK)
 * keeps the shared set.
 */
export class RecoveryAccessors {
  declare rec: RecoveryFields;

  private own(): RecoveryFields {
    if (this.rec === RECOVERY_UNSET) this.rec = newRecovery();
    return this.rec;
  }

  get ccCnt(): number { return this.rec.ccCnt; }
  set ccCnt(v: number) { if (v !== this.rec.ccCnt) this.own().ccCnt = v; }
  get ccLastMaxCwnd(): number { return this.rec.ccLastMaxCwnd; }
  set ccLastMaxCwnd(v: number) { if (v !== this.rec.ccLastMaxCwnd) this.own().ccLastMaxCwnd = v; }
  get ccLastCwnd(): number { return this.rec.ccLastCwnd; }
  set ccLastCwnd(v: number) { if (v !== this.rec.ccLastCwnd) this.own().ccLastCwnd = v; }
  get ccLastTime(): number { return this.rec.ccLastTime; }
  set ccLastTime(v: number) { if (v !== this.rec.ccLastTime) this.own().ccLastTime = v; }
  get ccOriginPoint(): number { return this.rec.ccOriginPoint; }
  set ccOriginPoint(v: number) { if (v !== this.rec.ccOriginPoint) this.own().ccOriginPoint = v; }
  get ccK(): number { return this.rec.ccK; }
  set ccK(v: number) { if (v !== this.rec.ccK) this.own().ccK = v; }
  get ccDelayMin(): number { return this.rec.ccDelayMin; }
  set ccDelayMin(v: number) { if (v !== this.rec.ccDelayMin) this.own().ccDelayMin = v; }
  get ccEpochStart(): number { return this.rec.ccEpochStart; }
  set ccEpochStart(v: number) { if (v !== this.rec.ccEpochStart) this.own().ccEpochStart = v; }
  get ccAckCnt(): number { return this.rec.ccAckCnt; }
  set ccAckCnt(v: number) { if (v !== this.rec.ccAckCnt) this.own().ccAckCnt = v; }
  get ccTcpCwnd(): number { return this.rec.ccTcpCwnd; }
  set ccTcpCwnd(v: number) { if (v !== this.rec.ccTcpCwnd) this.own().ccTcpCwnd = v; }
  get ccFound(): number { return this.rec.ccFound; }
  set ccFound(v: number) { if (v !== this.rec.ccFound) this.own().ccFound = v; }
  get rtoIsProbe(): boolean { return this.rec.rtoIsProbe; }
  set rtoIsProbe(v: boolean) { if (v !== this.rec.rtoIsProbe) this.own().rtoIsProbe = v; }
  get tlpHighSeq(): number { return this.rec.tlpHighSeq; }
  set tlpHighSeq(v: number) { if (v !== this.rec.tlpHighSeq) this.own().tlpHighSeq = v; }
  get tlpRetrans(): boolean { return this.rec.tlpRetrans; }
  set tlpRetrans(v: boolean) { if (v !== this.rec.tlpRetrans) this.own().tlpRetrans = v; }
  get rackMstamp(): Nanos { return this.rec.rackMstamp; }
  set rackMstamp(v: Nanos) { if (v !== this.rec.rackMstamp) this.own().rackMstamp = v; }
  get rackEndSeq(): number { return this.rec.rackEndSeq; }
  set rackEndSeq(v: number) { if (v !== this.rec.rackEndSeq) this.own().rackEndSeq = v; }
  get rackRtt(): Nanos { return this.rec.rackRtt; }
  set rackRtt(v: Nanos) { if (v !== this.rec.rackRtt) this.own().rackRtt = v; }
  get rackAdvanced(): boolean { return this.rec.rackAdvanced; }
  set rackAdvanced(v: boolean) { if (v !== this.rec.rackAdvanced) this.own().rackAdvanced = v; }
  get reoWndSteps(): number { return this.rec.reoWndSteps; }
  set reoWndSteps(v: number) { if (v !== this.rec.reoWndSteps) this.own().reoWndSteps = v; }
  get reoWndPersist(): number { return this.rec.reoWndPersist; }
  set reoWndPersist(v: number) { if (v !== this.rec.reoWndPersist) this.own().reoWndPersist = v; }
  get rackDsackSeen(): boolean { return this.rec.rackDsackSeen; }
  set rackDsackSeen(v: boolean) { if (v !== this.rec.rackDsackSeen) this.own().rackDsackSeen = v; }
  get rackLastDelivered(): number { return this.rec.rackLastDelivered; }
  set rackLastDelivered(v: number) { if (v !== this.rec.rackLastDelivered) this.own().rackLastDelivered = v; }
  get bytesRetrans(): number { return this.rec.bytesRetrans; }
  set bytesRetrans(v: number) { if (v !== this.rec.bytesRetrans) this.own().bytesRetrans = v; }
  get totalRetrans(): number { return this.rec.totalRetrans; }
  set totalRetrans(v: number) { if (v !== this.rec.totalRetrans) this.own().totalRetrans = v; }
  get dsackDups(): number { return this.rec.dsackDups; }
  set dsackDups(v: number) { if (v !== this.rec.dsackDups) this.own().dsackDups = v; }
  get reordSeen(): number { return this.rec.reordSeen; }
  set reordSeen(v: number) { if (v !== this.rec.reordSeen) this.own().reordSeen = v; }
  get reordering(): number { return this.rec.reordering; }
  set reordering(v: number) { if (v !== this.rec.reordering) this.own().reordering = v; }
  get rtoIsReo(): boolean { return this.rec.rtoIsReo; }
  set rtoIsReo(v: boolean) { if (v !== this.rec.rtoIsReo) this.own().rtoIsReo = v; }
  get prrDelivered(): number { return this.rec.prrDelivered; }
  set prrDelivered(v: number) { if (v !== this.rec.prrDelivered) this.own().prrDelivered = v; }
  get prrOut(): number { return this.rec.prrOut; }
  set prrOut(v: number) { if (v !== this.rec.prrOut) this.own().prrOut = v; }
  get frto(): number { return this.rec.frto; }
  set frto(v: number) { if (v !== this.rec.frto) this.own().frto = v; }
  get lossHighSeq(): number { return this.rec.lossHighSeq; }
  set lossHighSeq(v: number) { if (v !== this.rec.lossHighSeq) this.own().lossHighSeq = v; }
  get frtoRtxEnd(): number { return this.rec.frtoRtxEnd; }
  set frtoRtxEnd(v: number) { if (v !== this.rec.frtoRtxEnd) this.own().frtoRtxEnd = v; }
  get rtxLimit(): number { return this.rec.rtxLimit; }
  set rtxLimit(v: number) { if (v !== this.rec.rtxLimit) this.own().rtxLimit = v; }
  get priorCwnd(): number { return this.rec.priorCwnd; }
  set priorCwnd(v: number) { if (v !== this.rec.priorCwnd) this.own().priorCwnd = v; }
  get priorSsthresh(): number { return this.rec.priorSsthresh; }
  set priorSsthresh(v: number) { if (v !== this.rec.priorSsthresh) this.own().priorSsthresh = v; }
  get recover(): number { return this.rec.recover; }
  set recover(v: number) { if (v !== this.rec.recover) this.own().recover = v; }
  get dupAcks(): number { return this.rec.dupAcks; }
  set dupAcks(v: number) { if (v !== this.rec.dupAcks) this.own().dupAcks = v; }
  get dsackStart(): number { return this.rec.dsackStart; }
  set dsackStart(v: number) { if (v !== this.rec.dsackStart) this.own().dsackStart = v; }
  get dsackEnd(): number { return this.rec.dsackEnd; }
  set dsackEnd(v: number) { if (v !== this.rec.dsackEnd) this.own().dsackEnd = v; }
  get ofoFinSeq(): number { return this.rec.ofoFinSeq; }
  set ofoFinSeq(v: number) { if (v !== this.rec.ofoFinSeq) this.own().ofoFinSeq = v; }
  get backoff(): number { return this.rec.backoff; }
  set backoff(v: number) { if (v !== this.rec.backoff) this.own().backoff = v; }
  get probes(): number { return this.rec.probes; }
  set probes(v: number) { if (v !== this.rec.probes) this.own().probes = v; }
  get probesStamp(): Nanos { return this.rec.probesStamp; }
  set probesStamp(v: Nanos) { if (v !== this.rec.probesStamp) this.own().probesStamp = v; }
  get lastOowAckAt(): Nanos { return this.rec.lastOowAckAt; }
  set lastOowAckAt(v: Nanos) { if (v !== this.rec.lastOowAckAt) this.own().lastOowAckAt = v; }
}
