#!/usr/bin/env python3
"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) run
against the trigo kernel, with Go samples for every feature it covers, plus a
few checks of our own (stdin, interrupt, display updates, paging).

    trigo install --user            # or --prefix DIR and JUPYTER_PATH=DIR/share/jupyter
    /usr/bin/python3 tools/kernel_conformance.py -v

TRIGO_KERNEL_NAME selects another kernelspec name (default "trigo").
"""
import os
import signal
import time
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

TIMEOUT = 30


class TrigoKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("TRIGO_KERNEL_NAME", "trigo")

    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'

    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    # Packages complete even before a cell imports them; import paths
    # complete inside an import's quotes.
    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": 'import "encoding/js', "matches": {"encoding/json"}},
        {"text": "parallel.Set", "matches": {"SetThreads"}},
    ]

    complete_code_samples = [
        "x := 1",
        'fmt.Println("hi")',
        "func f() {\n}",
        "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}",
        "// just a comment",
    ]
    incomplete_code_samples = [
        "func f() {",
        "x := []int{1,",
        "s := `raw text",
        "y := 1 +",
        "if x > 0 {\n\tfmt.Println(x)",
    ]
    invalid_code_samples = [
        "x := )",
        "}",
        "x := 1 +/ 2",
    ]

    code_page_something = "strings.Fields?"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "x := 21\nx * 2", "result": "42"},
        {"code": '"go" + "pher"', "result": "gopher"},
        {"code": "type Bold string\nfunc (b Bold) HTML() string { return \"<b>\" + string(b) + \"</b>\" }\nBold(\"hi\")",
         "mime": "text/html", "result": "<b>hi</b>"},
    ]

    code_display_data = [
        {"code": 'import "trigo/kernel/display"\ndisplay.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'import "trigo/kernel/display"\ndisplay.Markdown("*md*")', "mime": "text/markdown"},
        {"code": 'import "trigo/kernel/display"\ndisplay.JSON(map[string]int{"a": 1})', "mime": "application/json"},
        {"code": 'import (\n\t"image"\n\t"trigo/kernel/display"\n)\ndisplay.Display(image.NewGray(image.Rect(0, 0, 4, 4)))',
         "mime": "image/png"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "strings.ToUpper"

    code_clear_output = 'import "trigo/kernel/display"\ndisplay.Clear(false)'

    # --- checks beyond the standard suite -------------------------------

    def test_trigo_input_request(self):
        """A cell reading stdin asks the front-end with input_request."""
        self.flush_channels()
        code = 'import (\n\t"bufio"\n\t"os"\n)\nline, _ := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\nline + "!"'
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        # (msgspec_v5 of jupyter_kernel_test 0.4 types "password" as a number;
        # the protocol, ipykernel and trigo send a boolean.)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.kc.input("gopher")
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        result = self._result_of(msg_id)
        self.assertEqual(result, "gopher\n!")

    def test_trigo_interrupt(self):
        """interrupt_request stops a busy loop within a second; state survives."""
        self.flush_channels()
        self.execute_helper("n := 0")
        msg_id = self.kc.execute("for {\n\tn++\n}")
        time.sleep(0.5)
        t0 = time.time()
        self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        self.assertLess(time.time() - t0, 1.0)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.flush_channels()
        reply, outputs = self.execute_helper("n > 0")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(outputs[0]["content"]["data"]["text/plain"], "true")

    def test_trigo_sigint(self):
        """SIGINT to the kernel process interrupts the cell, not the kernel."""
        self.flush_channels()
        self.execute_helper("m := 0")
        msg_id = self.kc.execute("for {\n\tm++\n}")
        time.sleep(0.5)
        t0 = time.time()
        os.kill(self.km.provisioner.process.pid, signal.SIGINT)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        self.assertLess(time.time() - t0, 1.0)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.flush_channels()
        reply, outputs = self.execute_helper("m > 0")
        self.assertEqual(outputs[0]["content"]["data"]["text/plain"], "true")

    def test_trigo_update_display_data(self):
        """A display handle updates its output in place."""
        self.flush_channels()
        code = ('import "trigo/kernel/display"\nh := display.NewHandle()\n'
                'h.Text("step 1")\nh.Text("step 2")')
        reply, outputs = self.execute_helper(code)
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds, ["display_data", "update_display_data"])
        ids = [m["content"]["transient"]["display_id"] for m in outputs]
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(outputs[1]["content"]["data"]["text/plain"], "step 2")

    def test_trigo_error_keeps_state(self):
        """A compile error and a panic are error replies; the kernel lives on."""
        self.flush_channels()
        self.execute_helper("kept := 5")
        reply, outputs = self.execute_helper("undefinedName + 1")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("undefined: undefinedName", reply["content"]["evalue"])
        reply, outputs = self.execute_helper("for i := range 3 { _ = i }")
        self.assertEqual(reply["content"]["status"], "error")
        reply, outputs = self.execute_helper("kept")
        self.assertEqual(outputs[0]["content"]["data"]["text/plain"], "5")

    def _result_of(self, msg_id):
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            except Empty:
                self.fail("no execute_result")
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                return msg["content"]["data"]["text/plain"]


if __name__ == "__main__":
    unittest.main()
