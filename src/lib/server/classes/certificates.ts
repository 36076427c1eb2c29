// 结业证书: the certified facts are copied at issue and signed (HMAC with the
// class key); the signature travels in the verification URL. Verifying
// recomputes it from the stored facts, so a changed URL, serial or record all
// show as not genuine.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Db } from '../db/index.ts';
import { classSecret, mac, sameText } from './secret.ts';

export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FAMILY = 'NotoSansCJKsc-Regular';

export interface Certificate {
	serial: string;
	holderName: string;
	employeeNo: string;
	classTitle: string;
	startsOn: string;
	endsOn: string;
	hours: number;
	issuedAt: Date;
}

const facts = (c: Certificate) =>
	[
		c.serial,
		c.holderName,
		c.employeeNo,
		c.classTitle,
		c.startsOn,
		c.endsOn,
		c.hours.toFixed(2),
		c.issuedAt.toISOString()
	].join('|');

export async function issueCertificate(
	tx: Db,
	classId: number,
	userId: number,
	hours: number
): Promise<void> {
	const [row] = await tx`
		select u.name, u.employee_no, c.title, to_char(c.starts_on, 'YYYY-MM-DD') as starts_on,
			to_char(c.ends_on, 'YYYY-MM-DD') as ends_on, date_trunc('second', now()) as issued_at,
			extract(year from c.ends_on)::int as year
		from users u, classes c where u.id = ${userId} and c.id = ${classId}`;
	const cert: Certificate = {
		serial: `JY${row.year}-${classId}-${userId}`,
		holderName: row.name,
		employeeNo: row.employee_no,
		classTitle: row.title,
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		hours,
		issuedAt: row.issued_at
	};
	const signature = mac(await classSecret(tx), `cert|${facts(cert)}`, 32);
	await tx`
		insert into class_certificates (serial, class_id, user_id, holder_name, employee_no, class_title,
			starts_on, ends_on, hours, issued_at, signature)
		values (${cert.serial}, ${classId}, ${userId}, ${cert.holderName}, ${cert.employeeNo}, ${cert.classTitle},
			${cert.startsOn}, ${cert.endsOn}, ${hours}, ${cert.issuedAt}, ${signature})
		on conflict (class_id, user_id) do nothing`;
}

async function load(sql: Db, where: { serial: string } | { classId: number; userId: number }) {
	const [r] =
		'serial' in where
			? await sql`select * from class_certificates where serial = ${where.serial}`
			: await sql`select * from class_certificates where class_id = ${where.classId} and user_id = ${where.userId}`;
	if (!r) return null;
	const cert: Certificate = {
		serial: r.serial,
		holderName: r.holder_name,
		employeeNo: r.employee_no,
		classTitle: r.class_title,
		startsOn: ymd(r.starts_on),
		endsOn: ymd(r.ends_on),
		hours: Number(r.hours),
		issuedAt: r.issued_at
	};
	return { cert, signature: r.signature as string };
}

// a date column arrives as a Date at UTC midnight of the day
const ymd = (d: Date | string) =>
	typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

/** The path of the public verification page: /certificates/<serial>?s=<signature>. */
export const verifyPath = (serial: string, signature: string) =>
	`/certificates/${encodeURIComponent(serial)}?s=${encodeURIComponent(signature)}`;

export async function certificateOf(sql: Db, classId: number, userId: number) {
	const c = await load(sql, { classId, userId });
	return c && { ...c, path: verifyPath(c.cert.serial, c.signature) };
}

/** Genuine only if the serial exists and the URL's signature matches the signature of the stored facts. */
export async function verifyCertificate(
	sql: Db,
	serial: string,
	signature: string
): Promise<{ valid: true; cert: Certificate } | { valid: false }> {
	if (!/^[A-Z0-9-]{6,40}$/.test(serial)) return { valid: false };
	const c = await load(sql, { serial });
	if (!c) return { valid: false };
	const expected = mac(await classSecret(sql), `cert|${facts(c.cert)}`, 32);
	return sameText(expected, signature) && sameText(expected, c.signature)
		? { valid: true, cert: c.cert }
		: { valid: false };
}

/** The certificate as an A4 landscape PDF with the verification URL and its QR code. */
export async function certificatePdf(
	cert: Certificate,
	url: string,
	labels: { heading: string; body: string; serial: string; verify: string }
): Promise<Buffer> {
	const qr = await QRCode.toBuffer(url, { margin: 1, width: 220 });
	const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 60 });
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);
	doc.registerFont('cjk', CJK_FONT, CJK_FAMILY);
	doc.font('cjk');
	doc.fontSize(36).text(labels.heading, { align: 'center' });
	doc.moveDown(1.2);
	doc.fontSize(18).text(labels.body, { align: 'left', lineGap: 8 });
	doc.moveDown(1);
	doc.fontSize(12).text(`${labels.serial}: ${cert.serial}`);
	doc.text(`${labels.verify}: ${url}`);
	doc.image(qr, doc.page.width - 60 - 140, doc.page.height - 60 - 160, { width: 140 });
	doc.end();
	return done;
}
