/**
 * Bahasa Indonesia. Indonesian nouns do not change with the number ("3 bingkai"), and
 * Intl.PluralRules('id') says `other` for every n, so one form per message is enough.
 * Technical terms a student meets in Wireshark and in the lab (ACK, FIN, RTO, cwnd, Send-Q …)
 * stay as they are; they are listed in test/report/i18n.test.ts.
 */
import type { Catalog } from './en.ts';

const fmt = (n: number, locale: string): string => new Intl.NumberFormat(locale).format(n);

export const id: Catalog = {
  lang: 'id',
  title: (file) => `laporan labwire: ${file}`,
  capture: 'Tangkapan',
  filter: 'Filter',
  filterPlaceholder: 'filter tampilan, mis. tcp.len > 0',
  filterApply: 'Terapkan',
  modeScale: 'Sesuai skala waktu',
  modeRows: 'Satu baris per kejadian',
  zoomIn: 'Perbesar',
  zoomOut: 'Perkecil',
  shown: (shown, total, locale) => `${fmt(shown, locale)} dari ${fmt(total, locale)} bingkai ditampilkan`,
  details: 'Rincian',
  bytes: 'Bita',
  comment: 'Mengapa bingkai ini dikirim',
  noFrame: 'Klik sebuah panah untuk melihat bingkai, field-nya, dan bita-bitanya. ↑/↓ berpindah antarbingkai.',
  loading: 'Membaca tangkapan…',
  noDecompression: 'Peramban ini tidak dapat membuka data tertanam (DecompressionStream tidak tersedia).',
  programs: 'Program',
  queues: 'Antrean soket dan jendela',
  blocked: 'terblokir',
  returned: 'kembali',
  sendQ: 'Send-Q',
  recvQ: 'Recv-Q',
  rcvWnd: 'jendela yang diiklankan',
  sndWnd: 'jendela lawan',
  cwnd: 'cwnd',
  changed: 'Yang diubah oleh bingkai ini',
  causeCall: (call, bytes, locale) => `${call} menyerahkan ${fmt(bytes, locale)} bita ke TCP, yang langsung mengirimkannya`,
  causeQueued: (call, bytes, locale) => `dikirim saat ${call} berjalan: ${fmt(bytes, locale)} bita dari antrean kirim, termasuk tulisan sebelumnya, yang menunggu ACK atau jendela`,
  causeUrgent: (call, bytes, pointer, locale) =>
    `${call} menyerahkan ${fmt(bytes, locale)} bita ke TCP dalam mode mendesak (MSG_OOB): flag URG menyala dan urgent pointer (${fmt(pointer, locale)}) berakhir tepat setelah bita mendesak, yang dibaca penerima secara terpisah dengan recv(MSG_OOB)`,
  causeConnect: (call) => `${call} membuka koneksi: langkah pertama three-way handshake`,
  causeClose: (call) => `${call}: sisi ini tidak mengirim data lagi, jadi kernel mengirim FIN setelah data yang sudah antre`,
  causeSynAck: 'soket yang mendengarkan menjawab SYN dengan SYN-ACK (langkah kedua handshake)',
  causeHandshakeAck: 'SYN-ACK tiba: kernel menuntaskan handshake dengan ACK',
  causeAckNow: 'kernel langsung mengirim ACK: mode quick-ACK (awal koneksi), lebih dari satu segmen penuh belum di-ACK, atau data datang tidak berurutan atau di luar jendela',
  causeDelayedAck: 'timer delayed-ACK habis: tidak ada data yang bisa membawa ACK',
  causeReadAck: (call) => `${call} mengambil data, dan kernel meng-ACK data yang sudah tiba dengan jendela yang tersisa setelah pembacaan (tcp_cleanup_rbuf)`,
  causeCallAck: (call) => `dikirim saat ${call} selesai: segmen yang tiba selama socket dipegangnya dijawab saat itu (release_sock)`,
  causeRto: (n) => `retransmisi: timer retransmisi (RTO) habis, percobaan ke-${n}`,
  causeFinAck: 'lawan menutup sisinya: kernel mengakui FIN tersebut',
  causeFinReleased: 'ACK datang dan melepas FIN sisi ini, yang diantrekan close() di belakang data yang belum terkirim',
  causeReset: 'tidak ada soket untuk segmen ini: kernel menjawab dengan RST',
  causeAbort: (call) => `${call} membatalkan koneksi: karena ada data yang belum dibaca atau SO_LINGER 0, kernel mengirim RST, bukan FIN`,
  causeArpRequest: (ip) => `kernel perlu alamat MAC ${ip} sebelum mengirim: permintaan ARP`,
  causeArpReply: 'kernel menjawab permintaan ARP untuk alamatnya sendiri',
  causeDns: (call) => `${call} bertanya ke resolver`,
  causeDatagram: (call, bytes, to, locale) =>
    `${call} mengirim datagram UDP ${fmt(bytes, locale)} bita${to === 'broadcast' ? ' ke semua mesin di jaringan (broadcast)' : to === 'multicast' ? ' ke anggota grup multicast' : ''}`,
  causeIgmp: 'kernel memberi tahu router dan switch grup multicast yang diikuti atau ditinggalkan mesin ini (laporan keanggotaan IGMPv3)',
  causeIcmp: (what) => `kernel mengirim ICMP: ${what}`,
  causeForward: 'diteruskan oleh mesin ini (routing)',
  causeArpHeld: 'ditahan sampai balasan ARP memberi alamat MAC hop berikutnya',
  causeAckReleased: 'data ditahan sampai ACK datang (Nagle menunggu ACK data kecil yang masih di jalan, atau jendela penuh)',
  causeOther: (note) => note,
  causeUnknown: 'simulator tidak mencatat mengapa bingkai ini dikirim',
};
