import { describeEmailNotifications } from "./shared/email-notifications";

describeEmailNotifications("one Redis");
