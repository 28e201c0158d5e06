/**
 * labwire's TCP: a sans-IO state machine with Linux's wire behaviour, split by RFC 9293
 * section, and the layer that runs one host's sockets on it.
 *
 * Contract
 * - `tcpStep(conn, event, now, effects) → result` (step.ts) is the only way a connection
 *   changes: in place, appending effects to the caller's (reusable) list. Events are
 *   segments, timer expiries and user calls; effects are segments to send, state changes
 *   (with the reason) and errors. It never reads a clock
 *   (`now` comes in), never draws randomness (ISS and the timestamp offset come in the
 *   'connect' / 'accept-syn' calls) and never transmits.
 * - Timers are absolute deadlines in the Tcb (rtoAt, persistAt, delackAt, keepaliveAt,
 *   timewaitAt; 0 = off). The caller asks `nextDeadline(tcb)` and fires 'timer' events in
 *   TIMER_ORDER; a timer whose deadline has not come does nothing, so early wakes are safe.
 * - `TcpLayer` (layer.ts) implements the kernel's TcpLayerApi (kernel/tcp-services.ts).
 *
 * Rules
 * 1. The Tcb holds numbers only and is changed in place by the step (smoltcp's `&mut self`:
 *    no copy per event); a caller that compares before and after copies it first (cloneTcb),
 *    and one that must know whether a step ran keeps its own flag. Payload bytes live in
 *    SendStream/RecvStream (stream.ts): one copy in on send(), segments are views, and recv()
 *    returns a view of what arrived (a copy only when the bytes span several arrivals).
 * 2. A segment's payload view is valid only until the connection next takes user data:
 *    whoever receives a 'send' effect must copy the bytes out (emit the frame) at once.
 *    Received payloads are kept as views and handed to the reader: the caller must not reuse
 *    frame buffers, and the reader must not write into what recv() gave it.
 * 3. Every Linux constant is in linux.ts with its source; every state change goes through
 *    the TRANSITIONS table (transitions.ts).
 *
 * Linux behaviours and the function each follows (kernel 6.18 unless noted)
 * - Receive window (window.ts): tcp_select_initial_window, tcp_init_buffer_space (clamp = full
 *   space less one advmss), __tcp_select_window / tcp_select_window (never shrink),
 *   tcp_grow_window (rcv_ssthresh + max(2·advmss, 2·len)), tcp_measure_rcv_mss (scaling_ratio =
 *   len / truesize of the first full segment, then tcp_set_window_clamp), receive memory by skb
 *   truesize with tcp_try_coalesce, which joins nothing to an skb that is a clone its sender
 *   still holds (skb_try_coalesce's skb_cloned test: over veth or loopback every data skb is the
 *   sender's clone until its snd_una passes it; clone.ts, kernel/skb-clone.ts) (stream.ts
 *   RecvStream.truesize; the head's truesize is the
 *   kernel profile's rcvSkbHeadTruesize: a 6.3+ veth skb costs the sender's 832, the `wsl2`
 *   profile keeps the fitted 944), DRS tcp_rcv_space_adjust / tcp_rcvbuf_grow (6.16+: rcvbuf for
 *   2 × what the reader took in an RTT, also on out-of-order; 6.18 adds twice its growth since
 *   the last RTT, the profile's rcvbufGrowSlowStart), paced by the receiver RTT of rcv-rtt.ts
 *   (tcp_rcv_rtt_measure / _measure_ts / tcp_rcv_rtt_update, by the profile's rcvRttFilter:
 *   before 6.16 a 0 ms echo counts 1 ms and samples are averaged; 6.16+ no zero samples, the
 *   smallest latched; the window sample where the profile has rcvRttWindowSample).
 * - advmss less the timestamp option once both ends agreed to it (`ss -ti` advmss:1448): the
 *   connecting end before tcp_init_buffer_space (tcp_rcv_synsent_state_process), the accepting end
 *   after it before 6.16 and before it since (tcp_rcv_state_process TCP_SYN_RECV; the profile's
 *   tcpPassiveAdvmssFirst) — handshake.ts establish().
 * - Closing: SO_LINGER with a zero time resets instead of a FIN (tcp_close → tcp_disconnect,
 *   tcp_need_reset; user.ts); a connection in TIME-WAIT, or an orphan whose FIN was acknowledged
 *   alone, is Linux's timewait mini-socket (tcp_time_wait): its segments offer the window it had
 *   then (tw_rcv_wnd) and leave through the control socket, with the default TTL (step.ts, window.ts).
 * - IP_TTL / IP_TOS (sock.ts `ip`, inherited by accepted children) reach every segment but the
 *   timewait mini-socket's TTL (ip-header-opts.ts).
 * - Send buffer: tcp_sndbuf_expand (2 × cwnd × 2304 per 1460-byte MSS) from tcp_check_space /
 *   tcp_should_expand_sndbuf (only while a writer waits and cwnd is not full — judged, as real
 *   6.18 behaves, on the packets out the ACK left, before the data it lets out). Room is
 *   sk_wmem_queued as Linux charges it: each skb's bytes plus SKB_TX_TRUESIZE (832: the
 *   recordings' skmem w − Send-Q is a multiple of it), checked per new skb
 *   (tcp_sendmsg_locked → sk_stream_memory_free, so a write overshoots by up to one skb),
 *   woken when a third is free (sk_stream_write_space). The stream keeps every skb's end
 *   (stream.ts): writes grow the unsent tail skb to size_goal, a full one goes at once
 *   (tcp_push_one, or all on forced_push), and a sent piece is an skb of its own (tso_fragment).
 *   Before tcp_write_xmit sends the head skb it takes bytes from the next (tcp_grow_skb, 6.10+)
 *   up to cwnd_quota × MSS (half cwnd, the room in cwnd, tcp_tso_segs), not past an MSG_EOR end;
 *   a GSO packet is then up to tcp_tso_segs MSS, not size_goal.
 * - Congestion control (cong.ts), by the profile's tcpCongestionControl: CUBIC (tcp_cubic.c:
 *   bictcp_update, cubic_root, cubictcp_recalc_ssthresh with fast convergence, tcp friendliness,
 *   cubictcp_cwnd_event TX_START, HyStart ACK-train and delay, cubictcp_state on RTO) or Reno
 *   (tcp_reno_cong_avoid, tcp_reno_ssthresh); tcp_slow_start and tcp_cong_avoid_ai for both.
 * - Loss recovery with SACK (rack.ts, recovery.ts; net.ipv4.tcp_recovery 1): RACK marks a packet
 *   lost when one sent after it was (s)acked and an RTT plus the reordering window has passed
 *   (tcp_rack_advance, tcp_rack_detect_loss, tcp_rack_mark_lost; window tcp_rack_reo_wnd: 0 in
 *   recovery or with tcp_reordering packets SACKed while no reordering was seen, else min_rtt/4
 *   per step), waiting in the reordering timer (tcp_rack_reo_timeout) otherwise; reordering
 *   raises tp->reordering (tcp_check_sack_reordering), and a D-SACK after it widens the window a
 *   step for 16 recoveries (tcp_dsack_seen, tcp_rack_update_reo_wnd: once per round by the rate
 *   sample's prior_delivered; tcp_recovery bit 1 keeps it static). A lost packet starts fast
 *   recovery (tcp_fastretrans_alert, tcp_enter_recovery: CUBIC's ssthresh), PRR sets cwnd on each
 *   ACK (tcp_cwnd_reduction, RFC 6937, prr_delivered/prr_out), lost packets go first
 *   (tcp_xmit_retransmit_queue), and the ACK of high_seq ends it with cwnd = ssthresh
 *   (tcp_end_cwnd_reduction). The retransmission queue is Linux's scoreboard (sent.ts: SACKED,
 *   LOST, SACKED_RETRANS with sacked_out/lost_out/retrans_out; entries split at SACK edges,
 *   tcp_match_skb_to_sack); an ACK below SND.UNA still tags its SACK blocks (tcp_ack's old_ack).
 *   net.ipv4.tcp_recovery 0 (by the profile) turns RACK off: recovery then starts when sacked_out
 *   + 1 > tp->reordering (tcp_dupack_heuristics) and marks from the head (tcp_update_scoreboard,
 *   tcp_mark_head_lost). Without SACK: NewReno fast recovery on three duplicate ACKs (ack.ts).
 *   RTO with exponential backoff (timers.ts), tail loss probes (tlp.ts: tcp_schedule_loss_probe,
 *   tcp_send_loss_probe, tcp_process_tlp_ack; tcp_early_retrans 3 by the profile), F-RTO after a
 *   timeout (frto.ts: tcp_enter_loss, tcp_process_loss, tcp_try_undo_loss; tcp_frto 2 by the
 *   profile), slow start after idle (cong.ts: tcp_slow_start_after_idle_check on a new skb and on
 *   a window update with data waiting, tcp_cwnd_restart, when net.ipv4.tcp_slow_start_after_idle
 *   is on). Outside recovery a SACKed (or, without SACK, duplicate-ACKed) packet has left the
 *   network (tcp_packets_in_flight, which gives RFC 3042 limited transmit) and is not delivered
 *   twice; a partly acknowledged GSO packet frees its acknowledged MSS (tcp_tso_acked). cwnd
 *   grows while tcp_is_cwnd_limited (tcp_cwnd_validate's phase and max_packets_out). Not
 *   modelled: DSACK/timestamp undo of fast recovery, pacing, BBR.
 * - Sending (output.ts, send.ts): PSH on the end of each write (tcp_push → tcp_mark_push,
 *   forced_push) and on every GSO packet (__tcp_transmit_skb, 5.6+); a device with GSO off
 *   cuts GSO packets into MSS pieces, PSH on the last (tcp_gso_segment). Nagle and corking by
 *   tcp_nagle_test/tcp_nagle_check (TCP_NODELAY, TCP_CORK, MSG_MORE; TCP_NAGLE_PUSH until the
 *   next skb); held data with nothing in flight arms the probe timer (tcp_check_probe_timer,
 *   sent by tcp_write_wakeup). MSG_EOR ends an skb (tcp_skb_can_collapse_to). Urgent data
 *   (urgent.ts): send(MSG_OOB) puts snd_up past the write (tcp_mark_urg); in urgent mode every
 *   segment below it carries URG and the pointer (a software GSO split copies the skb's), Nagle
 *   holds nothing and new data leaves one MSS at a time; the receiver keeps the byte
 *   (tcp_check_urg, tcp_urg), stops a read at the mark, skips the byte unless SO_OOBINLINE,
 *   answers recv(MSG_OOB) without waiting (tcp_recv_urg), SIOCATMARK and POLLPRI. A loss probe goes
 *   past a full cwnd (push_one 2); the final FIN does not (6.10+), the probe sends it. TCP_MAXSEG clamps advmss and
 *   the peer's MSS (tcp_mss_clamp, tcp_parse_options). TCP_NOTSENT_LOWAT (or the sysctl) stops a
 *   write at an skb boundary (tcp_stream_memory_free) and gates POLLOUT. tcp_min_tso_segs by
 *   the profile (tcp_tso_autosize). IP_MTU_DISCOVER (sock.ts) decides each packet's DF bit
 *   (ip_dont_fragment: WANT and DO set it, DONT and PROBE do not; a child takes its
 *   listener's). tcp_write_xmit sends skb by skb (a GSO packet never spans
 *   two) and holds an skb cwnd or the peer's window would cut short for the next ACK
 *   (tso-defer.ts: tcp_tso_should_defer as 6.18 has it, tcp_tso_win_divisor by the profile).
 * - The socket's owner (owner.ts, with a CPU model only): a segment arriving while a system
 *   call holds the socket waits in its backlog (tcp_v4_rcv → tcp_add_backlog), joined to the
 *   backlog's last segment when it continues it with the same flags and options and that one is
 *   no clone its sender holds (the later ACK and window win; TcpExtTCPBacklogCoalesce), and runs
 *   at the call's release_sock (__release_sock); an ACK the run's segments ask for at once waits
 *   for tcp_release_cb() where the profile has tcp_backlog_ack_defer (6.7+: one ACK a run;
 *   ack-timing.ts); the CPU model holds it for a send's copy and, after the send's tcp_push,
 *   for the transmit's softirq work (veth runs the peer's receive inside the transmit), so the
 *   ACKs arriving then run after the push, coalesced; with a profile that models the chain
 *   (ackChain), until the answers have come (sim/softirq-chain.ts), and its release runs the
 *   backlog with the socket kept (layer.flush: __release_sock's loop), so the ACKs of what that
 *   run sends run in the same release. Its writer being timed, the push trims the
 *   tail skb's partial segment by Nagle as Linux always does (tcp_mss_split_point →
 *   tcp_nagle_check with tcp_minshall_check; Tcb.writerTimed). A reader waiting in recv() may
 *   answer the segments that wake it, outside quick-ACK mode (tcp_in_quickack_mode answers at
 *   once): their ACK leaves when it has read them (tcp_cleanup_rbuf), a share the CPU profile
 *   draws (readerAcks in syscall/cpu-profile.ts, with why it is drawn). A recv() whose copy the CPU model
 *   times (its page faults) holds the socket as tcp_recvmsg_locked does: it takes an skb at a
 *   time (tcp_rcv_space_adjust after each), runs the backlog with the lock kept once the queue
 *   is copied (__sk_flush_backlog) and takes what that queued, and ends in tcp_cleanup_rbuf
 *   (layer.readTimed/readMore/readEnd). While the backlog waits and runs, its segments'
 *   truesize counts against the buffer (sk_backlog.len in tcp_space, TcpConn.backlog), so the
 *   window their ACKs would offer seldom advances and the ACK waits for the read. A cleanup
 *   that sent a segment may keep the lock (readEnd's keepIfSent) while the CPU model charges
 *   the softirq work that transmit runs in the reader's context on veth, the peer's answer
 *   included, which so waits in the backlog (owner.ts; CpuProfile.ackChain).
 * - Classic ECN (ecn.ts, RFC 3168; net.ipv4.tcp_ecn by the profile's tcpEcn, 2 by default):
 *   tcp_ecn 1 asks in the SYN (ECE|CWR, not on a retransmitted SYN: tcp_ecn_clear_syn), a
 *   SYN-ACK with ECE alone turns it on (tcp_ecn_rcv_synack); 1 and 2 answer a not-ECT SYN that
 *   asks with ECE (tcp_ecn_create_request, tcp_ecn_make_synack). New data leaves ECT(0), the
 *   rest not-ECT (tcp_ecn_send → INET_ECN_xmit: the send effect's `ecn`, into the IP header by
 *   ip-output.ts); the IP ECN of arriving segments comes in with the segment event. CE on data
 *   echoes ECE on everything sent until a segment with CWR (tcp_data_ecn_check with quick ACKs,
 *   tcp_ecn_accept_cwr: data with CWR is ACKed at once); an ECE ACK outside recovery enters CWR
 *   (recovery.ts enterCwr: CC ssthresh, PRR as in recovery, CWR flag on the next new data,
 *   cwnd = ssthresh once SND.UNA passes high_seq); a timeout queues CWR too (tcp_enter_loss).
 *   TCPI_OPT_ECN, TCPI_OPT_ECN_SEEN. Not modelled: Accurate ECN (tcp_ecn ≥ 3), IPv6's ECN bits.
 * - SYN cookies (syncookie.ts, syncookie-jar.ts; net.ipv4.tcp_syncookies by the profile's
 *   tcpSyncookies, 1 by default): tcp_conn_request's want_cookie with 2 always, with 1 once a
 *   listener holds more requests than its backlog (inet_csk_reqsk_queue_is_full; 0 drops the
 *   SYN). The listener keeps no request: the SYN-ACK's ISN is the cookie (siphash of the
 *   4-tuple, their ISN, the minute counter, msstab[] index: secure_tcp_syn_cookie) and its TS
 *   val carries window scale, SACK and ECN in the low 6 bits (cookie_init_timestamp; a SYN
 *   without TS gets no options). A bare ACK to the listener within 2 minutes of its last cookie
 *   is checked (cookie_v4_check): a valid one becomes a child that takes the ACK; a full accept
 *   queue drops it; an invalid one is reset. Secrets from the host's seeded stream. IPv4 only.
 * - TCP_INFO (info.ts): tcp_get_info; tcpi_ca_state Open/Disorder/CWR/Recovery/Loss, tcpi_sacked,
 *   tcpi_lost, tcpi_retrans, tcpi_total_retrans, tcpi_reordering, tcpi_reord_seen,
 *   tcpi_dsack_dups, tcpi_min_rtt from the scoreboard and RACK; tcpi_delivered (tp->delivered:
 *   the SYN, then each packet once when SACKed, duplicate-ACKed without SACK, or acknowledged);
 *   tcpi_segs_in/out and tcpi_data_segs_in/out in GSO segments (seg-counts.ts: tcp_segs_in as
 *   tcp_v4_rcv and tcp_child_process hand a segment over, __tcp_transmit_skb's pcount); tcpi_busy_time,
 *   tcpi_rwnd_limited, tcpi_sndbuf_limited from the sender's chronograph (chrono.ts:
 *   tcp_chrono_start/stop where tcp_add_write_queue_tail, tcp_clean_rtx_queue, tcp_write_xmit,
 *   tcp_cwnd_validate and tcp_check_space call them; whole jiffies at the profile's CONFIG_HZ).
 * - cwnd grows on an ACK that advances SND.UNA, or on any delivery (SACKs too) once reordering
 *   above net.ipv4.tcp_reordering was seen (tcp_may_raise_cwnd; ack.ts).
 * - Waking writers: room coming back for a writer that found the buffer full
 *   (sk_stream_write_space) counts as an arrival for epoll's EPOLLET (layer.ts queues()).
 *   TCP_INQ's TCP_CM_INQ (tcp_inq_hint) is SIOCINQ plus the FIN, built by the packetdrill runner.
 * - Receiving (input.ts, data.ts, reassembly.ts): tcp_sequence as 6.x has it (a segment past
 *   the window's edge is taken whole while the receive queue is empty, else dropped and
 *   answered by tcp_send_dupack, which D-SACKs a repeat; a FIN just past the edge is let in),
 *   tcp_data_queue queues in-order and out-of-order segments whole (never trimmed) and takes a
 *   bare FIN at zero window (6.10), ACKing at once when the segment overfills the buffer behind
 *   unread data (tcp_try_rmem_schedule → tcp_can_ingest fails: ICSK_ACK_NOW; data is not dropped
 *   here); into an empty queue it is forced in and ACKed as any other (sk_forced_mem_schedule).
 *   Rejected segments (RFC 5961, tcp_validate_incoming, tcp_ack): out of window or failing PAWS
 *   a duplicate ACK, a SYN or an in-window RST a challenge ACK, an ACK above SND.NXT (6.18
 *   stable, 42726ec644cb) or below SND.UNA − min(max_window, bytes_acked) dropped with a
 *   challenge ACK; one per tcp_invalid_ratelimit (500 ms) per socket, data without SYN always
 *   answered (throttle.ts: __tcp_oow_rate_limited, tcp_oow_rate_limited, tcp_send_challenge_ack).
 *   Timers: with a profile HZ (TcpConfig.hz) the kernel's timer wheel rounds them (jiffies), so
 *   a FIN-only receipt's 'jiffies + 0' delayed ACK fires on the next tick.
 *   Out-of-order data: tcp_data_queue_ofo measures rcv_mss (6.16) and with SACK grows the window
 *   (tcp_grow_window), and grows sk_rcvbuf only for an accepted, non-orphan socket (Tcb.unaccepted).
 *   SACK blocks as tp->selective_acks: most recent first, merged (tcp_sack_new_ofo_skb,
 *   tcp_sack_maybe_coalesce), dropped as RCV.NXT covers them (tcp_sack_remove); tcp_ofo_queue's
 *   D-SACK ends at the old RCV.NXT (6.17); tcp_fin purges the out-of-order queue and resets SACK
 *   and D-SACK (tcp_sack_reset). A received super-packet counts by the device's GSO size when
 *   TcpConfig.rxGsoSize gives one (packetdrill's --mss), by its own length when the device gives
 *   none ('none': a tun without --mss), else by our send MSS (a veth from a peer like us).
 * - A local device that drops (its qdisc: `tc qdisc … pfifo limit 0`, kernel/qdisc.ts): the
 *   step learns each transmit's NET_XMIT_DROP from Ctx.xmitDrops (the device's state the layer
 *   reads before the step, TcpServices.xmitDrops; emitSegment's return, tcp_transmit_skb's).
 *   tcp_write_xmit stops there and the data stays unsent (no tcp_event_new_data_sent; with
 *   nothing in flight tcp_check_probe_timer arms the probe timer); a failed retransmission is
 *   counted as tried (total_retrans, bytes_retrans, the skb's stamp: __tcp_retransmit_skb) but
 *   not retransmitted (retrans_out); the RTO retries after TCP_RESOURCE_PROBE_INTERVAL without
 *   backing off (tcp_retransmit_timer), a failed loss probe rearms the RTO (tcp_send_loss_probe),
 *   a failed window probe counts in icsk_probes_out without backing off and retries at
 *   TCP_RESOURCE_PROBE_INTERVAL (tcp_send_probe0); TCP_USER_TIMEOUT ends probing counted from the
 *   first probe (icsk_probes_tstamp, tcp_clamp_probe0_to_user_timeout). Not modelled: the
 *   tcp_enter_cwr() __tcp_transmit_skb runs on NET_XMIT_DROP (labwire has no CWR state yet).
 * - Handshake: SYN/SYN-ACK retransmission at 1, 3, 7, 15, 31 s and tcp_syn(ack)_retries
 *   (timers.ts); a lost final ACK with every SYN/ACK retransmission lost leaves the client
 *   half-open, as Linux does (test/stack/tcp/handshake-loss.test.ts).
 *
 * Files: seq (mod-2^32 arithmetic) · tcb (control block, states) · transitions (state table)
 * · handshake (OPEN, initial windows) · input (SEGMENT ARRIVES) · ack (fifth step: ACK, RTT,
 * congestion) · data (seventh/eighth steps: text, FIN, delayed-ACK engine) · output (what to
 * send: MSS, Nagle, windows, PSH, FIN; building a segment) · ack-timing (when an ACK goes:
 * now, from the reader, or by the delayed-ACK timer) · send (SEND: buffer room, PSH marks,
 * MSG_MORE/EOR, lowat) · sockopt (setsockopt) · user (RECEIVE/CLOSE/…) · timers
 * (RTO, persist, delayed ACK, keepalive, TIME-WAIT) · rto (RFC 6298) · window (Linux receive
 * window and buffer autotuning) · rcv-rtt (the receiver's RTT for DRS) · cong (CUBIC/Reno
 * congestion control) · tlp (tail loss probe)
 * · rack (RACK loss detection) · recovery (SACK fast recovery, PRR, the retransmission queue)
 * · syncookie (SYN cookie arithmetic) · syncookie-jar (the host's cookie secrets, want_cookie) · frto (F-RTO, the loss state) · tso-defer (TSO deferral) · chrono (the sender's chronograph) · seq-marks (sequence marks: PSH, EOR, skb ends)
 * · reassembly (out-of-order queue, SACK blocks) · sack (SACKed ranges: what a retransmission after a timeout skips) · stream
 * (bytes, receive-memory charge) · sent (retransmission queue and SACK scoreboard) · options (Linux
 * option order) · ports (ephemeral ports) · linux (constants) · config (a connection's sysctls)
 * · step (tcpStep) · layer (socket calls, demux, accept) · listener (SYNs and cookie ACKs to a
 * listening port, the child it makes) · sock (socket record, poll, ss row) · sock-reads (peek,
 * MSG_OOB peek, SIOCATMARK, queues) · sock-options (the socket's own options, getsockopt) · owner (a system call holding the socket: backlog, the
 * waiting reader) · icmp-err (tcp_v4_err's decision) · pmtu (the path MTU fell: tcp_sync_mss,
 * tcp_simple_retransmit) · urgent (MSG_OOB, the urgent pointer) · table (lookup tables, bind conflicts).
 */
export { tcpStep, newConn, setTcbFields } from './step.ts';
export { TcpLayer } from './layer.ts';
export type { TcpConn, TcpConfig, TcpEvent, TcpEffect, TcpCall, TcpTimer, TcpCallResult } from './conn.ts';
export { TIMER_ORDER } from './conn.ts';
export type { Tcb, TcpState } from './tcb.ts';
export { TCP_STATES, nextDeadline } from './tcb.ts';
export { TRANSITIONS } from './transitions.ts';
export { seqAdd, seqDiff, seqLt, seqLe, seqGt, seqGe } from './seq.ts';
