//nolint:calls // a directive above the package clause covers the file
package file

func f() {}

func g() {
	f()
	f()
}
