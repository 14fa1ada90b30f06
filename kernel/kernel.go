// Package kernel is Trigo's Jupyter kernel: the messaging protocol 5.3 on
// the five ZeroMQ channels, with Go cells run by kernel/exec.
//
// The layout follows net/http. serve.go owns the sockets and turns each
// incoming message into a call of the handler registered for its type
// (handlers, below); each handler lives in a file named after its message
// (execute.go holds execute_request, complete.go complete_request, ...).
// Signing and framing are kernel/wire, the interpreter is kernel/exec, and
// sink.go plugs the display API (kernel/display) into the iopub channel.
package kernel

import (
	"context"
	"log"
	"sync"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"

	"trigo/kernel/exec"
	"trigo/kernel/wire"
)

// Version is the kernel's implementation version.
const Version = "0.1.0"

// Config tunes a kernel; the zero value is what tests want.
type Config struct {
	// CaptureFD captures stdout and stderr at the file-descriptor level, so
	// that compiled code writing to fd 1 and 2 streams to the notebook.
	// The trigo command sets it; tests leave it off.
	CaptureFD bool
	// HandleSIGINT makes SIGINT interrupt the running cell instead of
	// killing the process.
	HandleSIGINT bool
	// HistoryFile keeps executed cells across sessions; "" keeps them in
	// memory only.
	HistoryFile string
	// Log receives the kernel's own diagnostics (dropped messages, ...);
	// nil discards them.
	Log *log.Logger
}

// A handler answers one message type. It runs with the iopub status set to
// busy; replies go back on the channel the request came from.
type handler func(k *Kernel, r *request)

// handlers maps a message type to its handler — the kernel's ServeMux.
var handlers = map[string]handler{
	"kernel_info_request": kernelInfo,
	"connect_request":     connect,
	"execute_request":     execute,
	"complete_request":    complete,
	"inspect_request":     inspect,
	"is_complete_request": isComplete,
	"history_request":     history,
	"comm_info_request":   commInfo,
	"comm_open":           commOpen,
	"comm_msg":            commMsg,
	"comm_close":          commClose,
	"interrupt_request":   interruptRequest,
	"shutdown_request":    shutdown,
}

// request is one incoming message and the channel it came on.
type request struct {
	msg   *wire.Message
	sock  *channel
	abort bool // set by a handler: abort the queued executions
}

// Kernel is one running kernel.
type Kernel struct {
	cfg     Config
	conn    *wire.Connection
	signer  *wire.Signer
	session string
	log     *log.Logger

	ctx  context.Context
	stop context.CancelFunc

	shell, control, stdin, iopub *channel
	hb                           zmq4.Socket

	ready     chan struct{} // closed once interp is set
	mu        sync.Mutex
	interp    *exec.Interp
	execCount int
	cellCtx   context.Context    // of the running cell
	cancel    context.CancelFunc // of the running cell
	hist      *historyStore
	digests   *digestHistory // signatures of the messages received

	parent     atomic.Pointer[wire.Message] // request whose outputs iopub carries now
	allowStdin atomic.Bool
	inputs     chan *wire.Message // input_reply messages from the stdin channel

	restart atomic.Bool // shutdown asked for a restart
}

// channel is a socket with its send lock.
type channel struct {
	name string
	sock zmq4.Socket
	mu   sync.Mutex
}
