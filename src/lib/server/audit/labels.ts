// The audit actions' names in the UI language.
import { m } from '../../paraglide/messages.js';
import type { AuditAction } from './index.ts';

const LABELS: Record<AuditAction, () => string> = {
	'roster.import': m.audit_action_roster_import,
	'person.update': m.audit_action_person_update,
	'person.roles': m.audit_action_person_roles,
	'person.scopes': m.audit_action_person_scopes,
	'person.disable': m.audit_action_person_disable,
	'person.enable': m.audit_action_person_enable,
	'person.password_reset': m.audit_action_person_password_reset,
	'credit_rules.create': m.audit_action_credit_rules_create,
	'credit_rules.delete': m.audit_action_credit_rules_delete,
	'programme.publish': m.audit_action_programme_publish,
	'programme.archive': m.audit_action_programme_archive,
	'programme.delete': m.audit_action_programme_delete,
	'ledger.manual': m.audit_action_ledger_manual,
	'ledger.record': m.audit_action_ledger_record,
	'ledger.void': m.audit_action_ledger_void,
	'ledger.import': m.audit_action_ledger_import,
	'live.concentrated': m.audit_action_live_concentrated
};

/** The action's label; an action this build does not know shows as recorded. */
export function actionLabel(action: string): string {
	return (LABELS as Record<string, () => string>)[action]?.() ?? action;
}
