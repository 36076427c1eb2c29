// A stable id for this browser, so the server can tell devices apart when a
// newer playback supersedes an older one. Not a secret, not a credential.
const KEY = 'xuefan-device-id';

function randomId(): string {
	// crypto.randomUUID needs a secure context; getRandomValues works everywhere.
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function deviceId(): string {
	try {
		let id = localStorage.getItem(KEY);
		if (!id) {
			id = randomId();
			localStorage.setItem(KEY, id);
		}
		return id;
	} catch {
		return randomId(); // storage blocked: a per-page id still works
	}
}
