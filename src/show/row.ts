/**
 * The packet-list row dissect.ts makes for each frame. Its Time and, for a plain TCP segment,
 * its Info are made only when read: the packet list writes them straight into its output
 * (writeTime, writeInfo), so a frame listed costs no string for either (issue 15).
 */
import type { TcpSegment } from '../stack/wire/tcp.ts';
import type { Row } from './columns.ts';
import { writeTcpInfo } from './info-tcp.ts';
import type { TextWriter } from './output/text-writer.ts';
import type { TcpAnalysis } from './tcp-analysis.ts';
import { formatSeconds, secondsWidth, writeSeconds, type Stamp } from './time.ts';
import { written } from './output/text-writer.ts';

export class FrameRow implements Row {
  private timeText: string | undefined;

  /** `info`: the Info text, or undefined when it is TCP's for `seg` and `tcp` */
  constructor(
    readonly no: number,
    private readonly relative: Stamp,
    private readonly digits: number,
    readonly src: string,
    readonly dst: string,
    readonly protocol: string,
    readonly length: number,
    private infoText: string | undefined,
    private readonly seg: TcpSegment | undefined,
    private readonly tcp: TcpAnalysis | undefined,
  ) {}

  get time(): string {
    return (this.timeText ??= formatSeconds(this.relative, this.digits));
  }

  get info(): string {
    return (this.infoText ??= written((w) => this.writeInfo(w)));
  }

  timeWidth(): number {
    return secondsWidth(this.relative.sec, this.relative.nsec, this.digits);
  }

  writeTime(w: TextWriter): void {
    writeSeconds(w, this.relative.sec, this.relative.nsec, this.digits);
  }

  writeInfo(w: TextWriter): void {
    if (this.infoText !== undefined) w.text(this.infoText);
    else writeTcpInfo(w, this.seg!, this.tcp!);
  }
}
