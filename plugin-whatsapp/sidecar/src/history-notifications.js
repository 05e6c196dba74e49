// Reads the phone's history-sync notifications the way Baileys itself does (getHistoryMsg, then
// downloadAndProcessHistorySyncNotification: the blob, or the inline payload, inflated and decoded
// into proto.HistorySync and run through processHistoryMessage), but without Baileys' event buffer
// in between, so nothing already seen on the socket is filtered out.
//
// Baileys is the socket module's own (its "baileys" member) or, failing that, loaded lazily: without
// any (a stand-in socket module and no node_modules) the sidecar still runs, on filtered events alone.

/**
 * @param log      a logger
 * @param provided the Baileys module the socket module itself uses (its "baileys" member), if any:
 *                 the same library instance as the socket's; else the installed one is imported
 */
export async function loadHistoryNotifications(log, provided) {
  let baileys = provided;
  if (!baileys?.downloadAndProcessHistorySyncNotification) {
    try {
      baileys = await import('@whiskeysockets/baileys');
    } catch (error) {
      log.warn({ err: error }, 'Baileys cannot be loaded; history answers are read from its filtered events only');
      return undefined;
    }
  }
  return {
    /** The history-sync notification a WAMessage carries, or undefined. */
    notificationOf(message) {
      try {
        return message ? baileys.getHistoryMsg(message) ?? undefined : undefined;
      } catch {
        return undefined;
      }
    },
    /** {chats, contacts, messages, lidPnMappings, syncType, progress}: everything the notification holds. */
    decode(notification) {
      return baileys.downloadAndProcessHistorySyncNotification(notification, {}, log);
    },
  };
}
