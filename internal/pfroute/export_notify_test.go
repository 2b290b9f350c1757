package pfroute

// FreeBSDEvents are the routing-socket messages of the notification
// tests, for the watcher tests of package pfroute_test.
var FreeBSDEvents = freebsdEvents
