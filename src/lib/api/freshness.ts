// How fresh a report's data are (read replica, issue 13): what the page shows
// as 数据截至 HH:mm:ss and, on a replica that is behind, the lag.
export interface Freshness {
	source: 'primary' | 'replica';
	/** HH:mm:ss in the organisation's zone. */
	at: string;
	/** The day too (yyyy-mm-dd), when it is not today. */
	day: string | null;
	lagSeconds: number;
	/** Why the primary answered although a replica is configured. */
	fallback: 'read_your_writes' | 'lagging' | 'unreachable' | null;
	/** Whether a replica is configured at all. */
	replicated: boolean;
}
