// The programme form's fields as the browser sends them back (strings, as typed):
// shared by the form component and the server-side parsing.
export interface FormValues {
	title: string;
	description: string;
	courses: Record<string, string>;
	electiveRule: string;
	minElectives: string;
	minElectiveHours: string;
	units: string;
	rankLevels: string[];
	people: string;
	startsOn: string;
	deadlineOn: string;
	presenceCheck: boolean;
	maxCreditedRate: string;
}
